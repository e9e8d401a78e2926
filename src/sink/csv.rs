//! PostgreSQL's CSV dialect: comma-separated, NULL as an empty unquoted field, an empty string
//! as `""`, and fields quoted when they contain a delimiter, quote, CR/LF or are otherwise
//! ambiguous. `COPY ... FROM ... WITH (FORMAT csv, HEADER true)` reads it back unchanged.

use super::Codec;
use crate::values::value::Value;

pub fn write_header(out: &mut Vec<u8>, names: &[&str]) {
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_text_field(out, n, true);
    }
    out.push(b'\n');
}

/// Append one row: the values at `cols`; `scratch` is reused between calls.
pub fn write_row(
    out: &mut Vec<u8>,
    values: &[Value],
    cols: &[usize],
    codecs: &[Codec],
    scratch: &mut String,
) {
    for (i, (&col, c)) in cols.iter().zip(codecs).enumerate() {
        let v = &values[col];
        if i > 0 {
            out.push(b',');
        }
        if v.is_null() {
            continue;
        }
        scratch.clear();
        v.write_text_delimited(scratch, c.has_tz(), c.array_delimiter());
        write_text_field(out, scratch, true);
    }
    out.push(b'\n');
}

/// Quote when needed; an empty non-NULL string is always quoted so it is not read as NULL.
fn write_text_field(out: &mut Vec<u8>, s: &str, non_null: bool) {
    let needs_quotes = (non_null && s.is_empty())
        || s.bytes()
            .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r' | b'\\'))
        || s == "\\.";
    if !needs_quotes {
        out.extend_from_slice(s.as_bytes());
        return;
    }
    out.push(b'"');
    for b in s.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_and_empty_differ() {
        let mut out = Vec::new();
        let mut scratch = String::new();
        let vals = [
            Value::Null,
            Value::Text(String::new()),
            Value::Text("a,\"b\"".into()),
            Value::Int(3),
        ];
        write_row(
            &mut out,
            &vals,
            &[0, 1, 2, 3],
            &[Codec::Text, Codec::Text, Codec::Text, Codec::Int4],
            &mut scratch,
        );
        assert_eq!(String::from_utf8(out).unwrap(), ",\"\",\"a,\"\"b\"\"\",3\n");
    }
}
