//! Lexical helpers for SQL text as PostgreSQL deparses it (`pg_get_expr`, `pg_get_indexdef`, …).

/// Split `s` at `sep` where it stands outside parentheses, string literals (`'…'`, with `''`
/// escapes) and quoted identifiers (`"…"`, with `""` escapes). The pieces keep their
/// whitespace; a blank last piece is dropped, so `""` gives no pieces.
///
/// An escaped quote needs no special case: it closes and at once reopens the literal or
/// identifier, leaving the split state as it was.
pub fn split_top_level(s: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut depth, mut in_str, mut in_ident) = (0i32, false, false);
    for c in s.chars() {
        match c {
            '\'' if !in_ident => in_str = !in_str,
            '"' if !in_str => in_ident = !in_ident,
            '(' if !in_str && !in_ident => depth += 1,
            ')' if !in_str && !in_ident => depth -= 1,
            c if c == sep && depth == 0 && !in_str && !in_ident => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<String> {
        split_top_level(s, ',')
    }

    #[test]
    fn plain_lists_keep_their_whitespace() {
        assert_eq!(split("a, b,c"), vec!["a", " b", "c"]);
        assert_eq!(split(""), Vec::<String>::new());
        assert_eq!(split("a, "), vec!["a"]);
        assert_eq!(split("a b"), vec!["a b"]);
    }

    #[test]
    fn parentheses_nest() {
        assert_eq!(
            split("lower(a), f(b, g(c, d)), e"),
            vec!["lower(a)", " f(b, g(c, d))", " e"]
        );
    }

    #[test]
    fn string_literals_hide_separators_and_parens() {
        assert_eq!(split("'a,b', 'c)'"), vec!["'a,b'", " 'c)'"]);
        assert_eq!(split("'it''s, ok', x"), vec!["'it''s, ok'", " x"]);
        // A double quote inside a literal is just a character.
        assert_eq!(
            split("'say \"hi, there', x"),
            vec!["'say \"hi, there'", " x"]
        );
    }

    #[test]
    fn quoted_identifiers_hide_separators_and_parens() {
        assert_eq!(split("\"a,b\", c"), vec!["\"a,b\"", " c"]);
        assert_eq!(split("\"x(\", \"y)\""), vec!["\"x(\"", " \"y)\""]);
        // `""` escapes a double quote; a single quote inside an identifier is a character.
        assert_eq!(
            split("\"we\"\"ird, \", \"it's\", z"),
            vec!["\"we\"\"ird, \"", " \"it's\"", " z"]
        );
    }

    #[test]
    fn other_separators() {
        assert_eq!(
            split_top_level("a AND (b OR c)", ' '),
            vec!["a", "AND", "(b OR c)"]
        );
    }
}
