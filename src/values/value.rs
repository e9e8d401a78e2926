//! A generated value, independent of how it is written out.
//!
//! Times are stored as PostgreSQL stores them (microseconds and days since 2000-01-01), so the
//! binary COPY encoder writes them without conversion and the text encoder formats them the
//! way PostgreSQL's output functions do.

use std::fmt::Write;
use std::net::IpAddr;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// Any integer type; the encoder writes the column's width.
    Int(i64),
    Float(f64),
    /// `numeric`: the value is `unscaled / 10^scale`.
    Numeric {
        unscaled: i128,
        scale: u8,
    },
    /// `money`, in cents.
    Money(i64),
    /// text, varchar, char, enum labels.
    Text(String),
    Bytes(Vec<u8>),
    Uuid(u128),
    /// Days since 2000-01-01.
    Date(i32),
    /// Microseconds since midnight.
    Time(i64),
    /// Microseconds since midnight, and the UTC offset in seconds (east positive).
    TimeTz(i64, i32),
    /// Microseconds since 2000-01-01 00:00:00 (UTC for timestamptz).
    Timestamp(i64),
    Interval {
        months: i32,
        days: i32,
        micros: i64,
    },
    /// json / jsonb document text.
    Json(String),
    Inet {
        addr: IpAddr,
        prefix: u8,
    },
    MacAddr([u8; 6]),
    Range {
        lower: Option<Box<Value>>,
        upper: Option<Box<Value>>,
        lower_inclusive: bool,
        upper_inclusive: bool,
    },
    Array(Vec<Value>),
    Composite(Vec<Value>),
}

pub const MICROS_PER_DAY: i64 = 86_400_000_000;
/// Days from 1970-01-01 to 2000-01-01.
pub const PG_EPOCH_DAYS: i32 = 10_957;

/// Days since 2000-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468 - PG_EPOCH_DAYS
}

/// Civil date of days since 2000-01-01.
pub fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + PG_EPOCH_DAYS + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Parse `YYYY-MM-DD[ HH:MM[:SS[.ffffff]]][+HH[:MM]]` into microseconds since 2000-01-01 UTC.
/// Good enough for the literals PostgreSQL prints in CHECKs and partition bounds.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, rest) = match s.find([' ', 'T']) {
        Some(i) => (&s[..i], s[i + 1..].trim()),
        None => (s, ""),
    };
    let mut it = date.splitn(3, '-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut micros = days_from_civil(y, m, d) as i64 * MICROS_PER_DAY;
    if rest.is_empty() {
        return Some(micros);
    }
    let (time, offset) = match rest.find(['+', '-']) {
        Some(i) => (&rest[..i], Some(&rest[i..])),
        None => (rest, None),
    };
    micros += parse_time(time.trim())?;
    if let Some(off) = offset {
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let mut parts = off[1..].split(':');
        let h: i64 = parts.next()?.trim().parse().ok()?;
        let mi: i64 = parts.next().map(|p| p.parse().unwrap_or(0)).unwrap_or(0);
        micros -= sign * (h * 3600 + mi * 60) * 1_000_000;
    }
    Some(micros)
}

/// `HH:MM[:SS[.ffffff]]` → microseconds since midnight.
pub fn parse_time(s: &str) -> Option<i64> {
    let mut it = s.split(':');
    let h: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next().unwrap_or("0").parse().ok()?;
    let sec: f64 = it.next().unwrap_or("0").parse().ok()?;
    Some((h * 3600 + m * 60) * 1_000_000 + (sec * 1_000_000.0).round() as i64)
}

pub fn parse_date(s: &str) -> Option<i32> {
    parse_timestamp(s).map(|us| us.div_euclid(MICROS_PER_DAY) as i32)
}

/// Format `unscaled / 10^scale` as decimal text.
pub fn format_numeric(out: &mut String, unscaled: i128, scale: u8) {
    if unscaled < 0 {
        out.push('-');
    }
    let abs = unscaled.unsigned_abs();
    if scale == 0 {
        let _ = write!(out, "{abs}");
        return;
    }
    let p = 10u128.pow(scale as u32);
    let _ = write!(
        out,
        "{}.{:0width$}",
        abs / p,
        abs % p,
        width = scale as usize
    );
}

fn write_date(out: &mut String, days: i32) {
    let (y, m, d) = civil_from_days(days);
    if y <= 0 {
        let _ = write!(out, "{:04}-{m:02}-{d:02} BC", 1 - y);
    } else {
        let _ = write!(out, "{y:04}-{m:02}-{d:02}");
    }
}

fn write_time(out: &mut String, micros: i64) {
    let secs = micros / 1_000_000;
    let frac = micros % 1_000_000;
    let _ = write!(
        out,
        "{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    );
    if frac != 0 {
        let s = format!("{frac:06}");
        out.push('.');
        out.push_str(s.trim_end_matches('0'));
    }
}

fn write_offset(out: &mut String, offset_secs: i32) {
    let sign = if offset_secs < 0 { '-' } else { '+' };
    let a = offset_secs.abs();
    let _ = write!(out, "{sign}{:02}", a / 3600);
    if a % 3600 != 0 {
        let _ = write!(out, ":{:02}", a / 60 % 60);
    }
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// PostgreSQL's text representation (what `COPY ... TO` prints), for CSV and for SQL
    /// literals. `timestamptz` is written in UTC with an explicit offset so it loads the same
    /// whatever the session's time zone.
    pub fn write_text(&self, out: &mut String, tz: bool) {
        match self {
            Value::Null => {}
            Value::Bool(b) => out.push(if *b { 't' } else { 'f' }),
            Value::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Float(f) => {
                if f.is_nan() {
                    out.push_str("NaN");
                } else if f.is_infinite() {
                    out.push_str(if *f > 0.0 { "Infinity" } else { "-Infinity" });
                } else {
                    let _ = write!(out, "{f}");
                }
            }
            Value::Numeric { unscaled, scale } => format_numeric(out, *unscaled, *scale),
            Value::Money(cents) => format_numeric(out, *cents as i128, 2),
            Value::Text(s) | Value::Json(s) => out.push_str(s),
            Value::Bytes(b) => {
                out.push_str("\\x");
                for byte in b {
                    let _ = write!(out, "{byte:02x}");
                }
            }
            Value::Uuid(u) => {
                let h = format!("{u:032x}");
                let _ = write!(
                    out,
                    "{}-{}-{}-{}-{}",
                    &h[0..8],
                    &h[8..12],
                    &h[12..16],
                    &h[16..20],
                    &h[20..32]
                );
            }
            Value::Date(d) => write_date(out, *d),
            Value::Time(us) => write_time(out, *us),
            Value::TimeTz(us, off) => {
                write_time(out, *us);
                write_offset(out, *off);
            }
            Value::Timestamp(us) => {
                let days = us.div_euclid(MICROS_PER_DAY) as i32;
                write_date(out, days);
                out.push(' ');
                write_time(out, us.rem_euclid(MICROS_PER_DAY));
                if tz {
                    out.push_str("+00");
                }
            }
            Value::Interval {
                months,
                days,
                micros,
            } => {
                // ISO 8601 form: unambiguous whatever IntervalStyle the server uses.
                let _ = write!(out, "P{}M{}DT", months, days);
                let secs = *micros as f64 / 1e6;
                let _ = write!(out, "{secs}S");
            }
            Value::Inet { addr, prefix } => {
                let _ = write!(out, "{addr}/{prefix}");
            }
            Value::MacAddr(m) => {
                let _ = write!(
                    out,
                    "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                    m[0], m[1], m[2], m[3], m[4], m[5]
                );
            }
            Value::Range {
                lower,
                upper,
                lower_inclusive,
                upper_inclusive,
            } => {
                out.push(if *lower_inclusive { '[' } else { '(' });
                if let Some(l) = lower {
                    write_quoted_element(out, l, tz, ',');
                }
                out.push(',');
                if let Some(u) = upper {
                    write_quoted_element(out, u, tz, ',');
                }
                out.push(if *upper_inclusive { ']' } else { ')' });
            }
            Value::Array(items) => write_array(out, items, tz, ','),
            Value::Composite(fields) => {
                out.push('(');
                for (i, v) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    if !v.is_null() {
                        write_quoted_element(out, v, tz, ',');
                    }
                }
                out.push(')');
            }
        }
    }

    /// The text form, with array elements separated by `delim` (`;` for `box`, whose own text
    /// holds commas; `,` for every other built-in type).
    pub fn write_text_delimited(&self, out: &mut String, tz: bool, delim: char) {
        match self {
            Value::Array(items) => write_array(out, items, tz, delim),
            v => v.write_text(out, tz),
        }
    }

    pub fn to_text(&self, tz: bool) -> String {
        let mut s = String::new();
        self.write_text(&mut s, tz);
        s
    }
}

fn write_array(out: &mut String, items: &[Value], tz: bool, delim: char) {
    out.push('{');
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push(delim);
        }
        if v.is_null() {
            out.push_str("NULL");
        } else {
            write_quoted_element(out, v, tz, delim);
        }
    }
    out.push('}');
}

/// An element inside an array, range or composite literal: always double-quoted, with `"` and
/// `\` escaped, which every such input function accepts.
fn write_quoted_element(out: &mut String, v: &Value, tz: bool, _delim: char) {
    let inner = v.to_text(tz);
    out.push('"');
    for c in inner.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        assert_eq!(days_from_civil(2000, 1, 1), 0);
        assert_eq!(days_from_civil(1970, 1, 1), -PG_EPOCH_DAYS);
        for d in [-800_000, -1, 0, 59, 60, 366, 9000, 30_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }

    #[test]
    fn text_forms() {
        let t = |v: Value| v.to_text(true);
        assert_eq!(
            t(Value::Timestamp(
                parse_timestamp("2024-03-05 06:07:08.5+00").unwrap()
            )),
            "2024-03-05 06:07:08.5+00"
        );
        assert_eq!(
            parse_timestamp("2025-01-01 00:00:00+01").unwrap(),
            parse_timestamp("2024-12-31 23:00:00").unwrap()
        );
        assert_eq!(
            t(Value::Numeric {
                unscaled: -1205,
                scale: 2
            }),
            "-12.05"
        );
        assert_eq!(
            t(Value::Numeric {
                unscaled: 5,
                scale: 3
            }),
            "0.005"
        );
        assert_eq!(
            t(Value::Uuid(0x0123456789abcdef0123456789abcdef)),
            "01234567-89ab-cdef-0123-456789abcdef"
        );
        assert_eq!(
            t(Value::Array(vec![
                Value::Text("a,b".into()),
                Value::Null,
                Value::Text("q\"".into())
            ])),
            "{\"a,b\",NULL,\"q\\\"\"}"
        );
        assert_eq!(t(Value::Bytes(vec![0, 255])), "\\x00ff");
        assert_eq!(
            t(Value::Date(parse_date("1999-12-31").unwrap())),
            "1999-12-31"
        );
    }
}
