//! PostgreSQL's binary COPY format (`PGCOPY`), written by our own encoder for every type we
//! generate. Layout: signature, flags, header extension, then per row a 16-bit field count and
//! per field a 32-bit length (-1 for NULL) and the type's binary send format; a -1 trailer.

use super::Codec;
use crate::values::value::Value;

pub const SIGNATURE: &[u8] = b"PGCOPY\n\xff\r\n\0";

pub fn header(out: &mut Vec<u8>) {
    out.extend_from_slice(SIGNATURE);
    out.extend_from_slice(&0i32.to_be_bytes()); // flags
    out.extend_from_slice(&0i32.to_be_bytes()); // header extension length
}

pub fn trailer(out: &mut Vec<u8>) {
    out.extend_from_slice(&(-1i16).to_be_bytes());
}

/// Append one row: the values at `cols`, encoded by the aligned `codecs`.
pub fn write_row(out: &mut Vec<u8>, values: &[Value], cols: &[usize], codecs: &[Codec]) {
    out.extend_from_slice(&(cols.len() as i16).to_be_bytes());
    for (&i, c) in cols.iter().zip(codecs) {
        write_field(out, &values[i], c);
    }
}

/// A length-prefixed field (length -1 for NULL).
pub fn write_field(out: &mut Vec<u8>, v: &Value, c: &Codec) {
    if v.is_null() {
        out.extend_from_slice(&(-1i32).to_be_bytes());
        return;
    }
    let at = out.len();
    out.extend_from_slice(&[0; 4]);
    write_value(out, v, c);
    let len = (out.len() - at - 4) as i32;
    out[at..at + 4].copy_from_slice(&len.to_be_bytes());
}

fn write_value(out: &mut Vec<u8>, v: &Value, c: &Codec) {
    match (c, v) {
        (Codec::Bool, Value::Bool(b)) => out.push(*b as u8),
        (Codec::Int2, Value::Int(i)) => out.extend_from_slice(&(*i as i16).to_be_bytes()),
        (Codec::Int4, Value::Int(i)) => out.extend_from_slice(&(*i as i32).to_be_bytes()),
        (Codec::Int8, Value::Int(i)) => out.extend_from_slice(&i.to_be_bytes()),
        (Codec::Float4, Value::Float(f)) => out.extend_from_slice(&(*f as f32).to_be_bytes()),
        (Codec::Float8, Value::Float(f)) => out.extend_from_slice(&f.to_be_bytes()),
        (Codec::Numeric, Value::Numeric { unscaled, scale }) => numeric(out, *unscaled, *scale),
        (Codec::Numeric, Value::Int(i)) => numeric(out, *i as i128, 0),
        (Codec::Money, Value::Money(c)) => out.extend_from_slice(&c.to_be_bytes()),
        (Codec::Text | Codec::Json, Value::Text(s) | Value::Json(s)) => {
            out.extend_from_slice(s.as_bytes())
        }
        (Codec::Jsonb, Value::Json(s) | Value::Text(s)) => {
            out.push(1); // jsonb binary format version
            out.extend_from_slice(s.as_bytes());
        }
        (Codec::Bytea, Value::Bytes(b)) => out.extend_from_slice(b),
        (Codec::Uuid, Value::Uuid(u)) => out.extend_from_slice(&u.to_be_bytes()),
        (Codec::Date, Value::Date(d)) => out.extend_from_slice(&d.to_be_bytes()),
        (Codec::Time, Value::Time(us)) => out.extend_from_slice(&us.to_be_bytes()),
        (Codec::TimeTz, Value::TimeTz(us, off)) => {
            out.extend_from_slice(&us.to_be_bytes());
            // PostgreSQL stores the zone as seconds *west* of UTC.
            out.extend_from_slice(&(-off).to_be_bytes());
        }
        (Codec::Timestamp | Codec::TimestampTz, Value::Timestamp(us)) => {
            out.extend_from_slice(&us.to_be_bytes())
        }
        (
            Codec::Interval,
            Value::Interval {
                months,
                days,
                micros,
            },
        ) => {
            out.extend_from_slice(&micros.to_be_bytes());
            out.extend_from_slice(&days.to_be_bytes());
            out.extend_from_slice(&months.to_be_bytes());
        }
        (Codec::Inet, Value::Inet { addr, prefix }) => match addr {
            std::net::IpAddr::V4(a) => {
                out.extend_from_slice(&[2, *prefix, 0, 4]);
                out.extend_from_slice(&a.octets());
            }
            std::net::IpAddr::V6(a) => {
                out.extend_from_slice(&[3, *prefix, 0, 16]);
                out.extend_from_slice(&a.octets());
            }
        },
        (Codec::MacAddr, Value::MacAddr(m)) => out.extend_from_slice(m),
        (Codec::Array { elem_oid, elem }, Value::Array(items)) => {
            let has_null = items.iter().any(Value::is_null);
            if items.is_empty() {
                out.extend_from_slice(&0i32.to_be_bytes()); // ndim
                out.extend_from_slice(&0i32.to_be_bytes());
                out.extend_from_slice(&elem_oid.to_be_bytes());
                return;
            }
            out.extend_from_slice(&1i32.to_be_bytes());
            out.extend_from_slice(&(has_null as i32).to_be_bytes());
            out.extend_from_slice(&elem_oid.to_be_bytes());
            out.extend_from_slice(&(items.len() as i32).to_be_bytes());
            out.extend_from_slice(&1i32.to_be_bytes()); // lower bound
            for item in items {
                write_field(out, item, elem);
            }
        }
        (
            Codec::Range { elem },
            Value::Range {
                lower,
                upper,
                lower_inclusive,
                upper_inclusive,
            },
        ) => {
            let mut flags = 0u8;
            if *lower_inclusive && lower.is_some() {
                flags |= 0x02;
            }
            if *upper_inclusive && upper.is_some() {
                flags |= 0x04;
            }
            if lower.is_none() {
                flags |= 0x08;
            }
            if upper.is_none() {
                flags |= 0x10;
            }
            out.push(flags);
            if let Some(l) = lower {
                write_field(out, l, elem);
            }
            if let Some(u) = upper {
                write_field(out, u, elem);
            }
        }
        (Codec::Composite { fields }, Value::Composite(values)) => {
            out.extend_from_slice(&(fields.len() as i32).to_be_bytes());
            for ((oid, codec), v) in fields.iter().zip(values) {
                out.extend_from_slice(&oid.to_be_bytes());
                write_field(out, v, codec);
            }
        }
        // The value's kind only: row values never appear in output, not even in a bug report.
        (c, v) => {
            let kind = format!("{v:?}");
            let kind = kind.split(['(', ' ', '{']).next().unwrap_or("value");
            panic!("no binary encoding of a {kind} value as {c:?}")
        }
    }
}

/// `numeric` binary format: digit count, weight, sign, display scale, then base-10000 digits.
pub fn numeric(out: &mut Vec<u8>, unscaled: i128, scale: u8) {
    let negative = unscaled < 0;
    let abs = unscaled.unsigned_abs();
    let p = 10u128.pow(scale as u32);
    let (int_part, frac_part) = (abs / p, abs % p);
    // Integer groups, most significant first.
    let mut int_groups = Vec::new();
    let mut x = int_part;
    while x > 0 {
        int_groups.push((x % 10_000) as i16);
        x /= 10_000;
    }
    int_groups.reverse();
    // Fractional digits padded to a multiple of 4.
    let frac_groups_n = (scale as usize).div_ceil(4);
    let mut frac_groups = Vec::with_capacity(frac_groups_n);
    if frac_groups_n > 0 {
        let pad = frac_groups_n * 4 - scale as usize;
        let mut f = frac_part * 10u128.pow(pad as u32);
        let mut tmp = Vec::with_capacity(frac_groups_n);
        for _ in 0..frac_groups_n {
            tmp.push((f % 10_000) as i16);
            f /= 10_000;
        }
        tmp.reverse();
        frac_groups = tmp;
    }
    let mut weight = int_groups.len() as i16 - 1;
    let mut digits: Vec<i16> = int_groups.into_iter().chain(frac_groups).collect();
    // Strip leading zero groups (adjusting weight) and trailing zeros.
    while digits.first() == Some(&0) {
        digits.remove(0);
        weight -= 1;
    }
    while digits.last() == Some(&0) {
        digits.pop();
    }
    if digits.is_empty() {
        weight = 0;
    }
    out.extend_from_slice(&(digits.len() as i16).to_be_bytes());
    out.extend_from_slice(&weight.to_be_bytes());
    let sign: u16 = if negative && !digits.is_empty() {
        0x4000
    } else {
        0
    };
    out.extend_from_slice(&sign.to_be_bytes());
    out.extend_from_slice(&(scale as u16).to_be_bytes());
    for d in digits {
        out.extend_from_slice(&d.to_be_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(unscaled: i128, scale: u8) -> Vec<i16> {
        let mut v = Vec::new();
        numeric(&mut v, unscaled, scale);
        v.chunks(2)
            .map(|c| i16::from_be_bytes([c[0], c[1]]))
            .collect()
    }

    #[test]
    fn numeric_groups() {
        // 12345.678 → digits [1, 2345, 6780], weight 1, dscale 3.
        assert_eq!(num(12_345_678, 3), vec![3, 1, 0, 3, 1, 2345, 6780]);
        // -0.05 → [500] weight -1, negative.
        assert_eq!(num(-5, 2), vec![1, -1, 0x4000, 2, 500]);
        // 0 with scale 2.
        assert_eq!(num(0, 2), vec![0, 0, 0, 2]);
        // 10000 → [1] weight 1.
        assert_eq!(num(10_000, 0), vec![1, 1, 0, 0, 1]);
    }
}
