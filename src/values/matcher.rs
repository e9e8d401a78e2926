//! Compiled patterns of CHECKs (`~`, `LIKE`, `SIMILAR TO`), shared by the row evaluator, the
//! planner's sample checks and the pattern generator.

/// A compiled pattern: the `regex` crate (linear time) when it accepts the pattern, else
/// `fancy-regex`, a backtracking engine that adds look-arounds and back-references on top of
/// it, as PostgreSQL's own engine has them.
#[derive(Debug)]
pub enum Matcher {
    Linear(regex::Regex),
    Backtracking(fancy_regex::Regex),
}

impl Matcher {
    /// Compile `pattern`; `None` when neither engine accepts it.
    pub fn new(pattern: &str, case_insensitive: bool) -> Option<Matcher> {
        if let Ok(r) = regex::RegexBuilder::new(pattern)
            .case_insensitive(case_insensitive)
            .build()
        {
            return Some(Matcher::Linear(r));
        }
        let p = if case_insensitive {
            format!("(?i:{pattern})")
        } else {
            pattern.to_string()
        };
        fancy_regex::Regex::new(&p).ok().map(Matcher::Backtracking)
    }

    /// Does `s` match? A match that exceeds the backtracking limit counts as no match.
    pub fn is_match(&self, s: &str) -> bool {
        match self {
            Matcher::Linear(r) => r.is_match(s),
            Matcher::Backtracking(r) => r.is_match(s).unwrap_or(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matchers_take_either_engine_and_case() {
        let m = Matcher::new("^(?=.*x)[a-z]+$", true).unwrap();
        assert!(m.is_match("ABX") && !m.is_match("ABC"));
        let m = Matcher::new("^[a-z]+$", true).unwrap();
        assert!(matches!(m, Matcher::Linear(_)) && m.is_match("ABC"));
        assert!(Matcher::new("[a-", false).is_none());
    }
}
