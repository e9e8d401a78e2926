//! Strings from a regular expression: random samples, or the n-th string of the language, so
//! that row `i` maps injectively to a matching string (uniqueness by construction for columns
//! such as `sku ~ '^[A-Z]{3}-[0-9]{4,6}$'`).
//!
//! The pattern is parsed with `regex-syntax` (the parser of the `regex` crate) into a tree of
//! literals, classes, sequences, alternations and repetitions. Classes are narrowed to a
//! printable alphabet (alphanumerics where the class has them): `[^@\s]` must not yield control
//! characters or a NUL, which PostgreSQL text cannot hold. Repetition counts are fixed for
//! enumeration: the smallest counts whose product covers the rows requested.
//!
//! PostgreSQL patterns may also hold look-around constraints (`(?=…)`, `(?!…)`, `(?<=…)`,
//! `(?<!…)`) and back-references (`\1`), which no finite automaton (and so neither
//! `regex-syntax` nor this tree) models. Such a pattern is generated with those parts removed
//! (a back-reference becomes a copy of its group's pattern), and every string is checked
//! against the whole pattern with a backtracking engine ([`Matcher`]), drawing again when it
//! fails.

use std::sync::Arc;

use rand::Rng;
use regex_syntax::hir::{Class, Hir, HirKind};

use super::matcher::Matcher;
use super::rng::{Permutation, below};

#[derive(Debug, Clone)]
enum Node {
    Lit(String),
    Class(Vec<char>),
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    Rep {
        min: u32,
        max: u32,
        count: u32,
        sub: Box<Node>,
    },
    /// Capturing group `index`, when the pattern refers back to groups: what it drew is kept.
    Cap {
        index: u32,
        sub: Box<Node>,
    },
    /// A back-reference: the string group `index` drew (`like`, that group's pattern, for
    /// lengths and when the group drew nothing).
    Ref {
        index: u32,
        like: Box<Node>,
    },
}

/// What each capturing group drew, by group number, while one string is sampled.
type Caps = Vec<Option<String>>;

/// Back-references in the modelled pattern: `\N` is written as this private-use character plus
/// N, a literal [`convert`] turns into [`Node::Ref`].
const REF_MARK: u32 = 0xE000;

/// Unbounded repetitions (`+`, `*`, `{2,}`) stop this many past their minimum.
const OPEN_REPEAT: u32 = 12;

/// The longest string a pattern may produce (repetitions at their largest). Longer patterns
/// (`a{100000}`, `(x{1000}){1000}`) are refused before any string is built: they would take
/// memory and time without bound, and no column of test data wants them.
pub const MAX_REGEX_LEN: u128 = 10_000;

/// Draws of [`RegexEnum::sample`] for a pattern with look-arounds before giving up (the row
/// evaluator then re-draws the row, and refuses the CHECK by name when no row passes).
const VERIFY_DRAWS: u32 = 32;

/// A regular language, parsed for sampling and enumeration.
#[derive(Debug, Clone)]
pub struct RegexEnum {
    root: Node,
    perm: Option<Permutation>,
    /// The whole pattern, when the tree models only part of it (look-arounds,
    /// back-references removed): strings are checked against it.
    verify: Option<Arc<Matcher>>,
}

impl RegexEnum {
    /// Parse a PostgreSQL-style pattern (anchors allowed). `None` for patterns we cannot model
    /// (back-references, byte classes).
    pub fn new(pattern: &str) -> Option<RegexEnum> {
        RegexEnum::parse(pattern).ok()
    }

    /// [`new`](Self::new), saying why a pattern cannot be used: a syntax error (one line), a
    /// construct we cannot model, or strings longer than [`MAX_REGEX_LEN`].
    pub fn parse(pattern: &str) -> Result<RegexEnum, String> {
        let (modelled, verify) = match without_lookarounds(pattern) {
            Some(p) => {
                let m = Matcher::new(pattern, false)
                    .ok_or_else(|| format!("invalid regex: {pattern}"))?;
                (p, Some(Arc::new(m)))
            }
            None => (pattern.to_string(), None),
        };
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(true)
            .utf8(true)
            .build()
            .parse(&modelled)
            .map_err(|e| match e {
                regex_syntax::Error::Parse(e) => format!("invalid regex: {}", e.kind()),
                regex_syntax::Error::Translate(e) => format!("invalid regex: {}", e.kind()),
                other => format!("invalid regex: {}", other.to_string().replace('\n', " ")),
            })?;
        let mut root = convert(&hir, verify.is_some()).ok_or_else(|| {
            "it uses a construct seedbed cannot generate (a byte class or a class with no printable character)".to_string()
        })?;
        link_refs(&mut root);
        let len = max_len(&root);
        if len > MAX_REGEX_LEN {
            return Err(format!(
                "it matches strings of up to {len} characters; seedbed generates at most {MAX_REGEX_LEN}"
            ));
        }
        Ok(RegexEnum {
            root,
            perm: None,
            verify,
        })
    }

    /// Does every string of the tree match the pattern (no look-arounds or back-references
    /// left out)? Only such languages are enumerated for uniqueness.
    pub fn exact(&self) -> bool {
        self.verify.is_none()
    }

    /// Keep one character of each class per letter case, so the strings enumerated stay
    /// distinct when compared case-insensitively (`citext`, a key on `lower(col)`).
    pub fn fold_case(&mut self) {
        fold(&mut self.root);
    }

    /// Fix repetition counts so at least `rows` distinct strings exist, and key the row order.
    /// Returns the capacity reached (smaller than `rows` when the language is too small).
    pub fn prepare_unique(&mut self, rows: u64, key: u64) -> u128 {
        loop {
            let cap = capacity(&self.root);
            if cap >= rows as u128 || !grow(&mut self.root) {
                let domain = cap.min(1 << 62) as u64;
                self.perm = Some(Permutation::new(domain.max(1), key));
                return cap;
            }
        }
    }

    /// The largest number of distinct strings the pattern can produce (repetitions at their
    /// maximum, open ones capped).
    pub fn max_capacity(&self) -> u128 {
        let mut n = self.root.clone();
        while grow(&mut n) {}
        capacity(&n)
    }

    /// Rows that get distinct strings (after [`prepare_unique`](Self::prepare_unique)).
    pub fn domain(&self) -> Option<u128> {
        self.perm.map(|p| p.len() as u128)
    }

    /// The `row`-th string (after [`prepare_unique`](Self::prepare_unique)).
    pub fn nth(&self, row: u64) -> String {
        let i = match &self.perm {
            Some(p) if row < p.len() => p.apply(row) as u128,
            _ => row as u128,
        };
        let mut out = String::new();
        render(&self.root, i, &mut out);
        out
    }

    /// A random string of the language (open repetitions kept short). With look-arounds, the
    /// first of [`VERIFY_DRAWS`] draws that matches the whole pattern (else the last).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> String {
        self.verified(|out| sample(&self.root, rng, out, &mut Vec::new()))
    }

    fn verified(&self, mut draw: impl FnMut(&mut String)) -> String {
        let mut out = String::new();
        draw(&mut out);
        if let Some(m) = &self.verify {
            for _ in 1..VERIFY_DRAWS {
                if m.is_match(&out) {
                    break;
                }
                out.clear();
                draw(&mut out);
            }
        }
        out
    }

    /// Characters of the pattern's shortest string.
    pub fn min_len(&self) -> usize {
        min_len(&self.root)
    }

    /// Characters of the longest string [`nth`](Self::nth) gives.
    pub fn nth_max_len(&self) -> usize {
        nth_max_len(&self.root)
    }

    /// A random string of at most `max` characters (`max` at least [`min_len`](Self::min_len)):
    /// the same draws as [`sample`](Self::sample) when those strings fit.
    pub fn sample_within<R: Rng + ?Sized>(&self, rng: &mut R, max: usize) -> String {
        self.verified(|out| sample_within(&self.root, rng, out, max, &mut Vec::new()))
    }
}

/// For a `character(width)` column: the pattern with every optional part made present
/// (`x?` → `x`, `{a,b}` → `{b}`) when all its strings then have exactly `width` characters.
/// The server pads a shorter value with spaces before the CHECK's `~` sees it, so a pattern
/// ending in `\d$` accepts only full-width values; these are a subset of the pattern's strings.
pub fn fill_width(pattern: &str, width: usize) -> Option<String> {
    let (mut out, mut in_class, mut escaped) = (String::new(), false, false);
    let mut chars = pattern.chars().peekable();
    let mut prev = '\0';
    while let Some(c) = chars.next() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '?' if !in_class && prev != '(' && chars.peek() != Some(&'?') => {
                prev = c;
                continue;
            }
            '{' if !in_class => {
                let body: String = chars.by_ref().take_while(|&d| d != '}').collect();
                let upper = body.rsplit(',').next().unwrap_or(&body).trim();
                if upper.is_empty() || !upper.chars().all(|d| d.is_ascii_digit()) {
                    return None;
                }
                out.push_str(&format!("{{{upper}}}"));
                prev = '}';
                continue;
            }
            _ => {}
        }
        out.push(c);
        prev = c;
    }
    let e = RegexEnum::new(&out)?;
    (e.exact() && e.min_len() == width && e.nth_max_len() == width).then_some(out)
}

fn min_len(n: &Node) -> usize {
    match n {
        Node::Lit(s) => s.chars().count(),
        Node::Class(_) => 1,
        Node::Seq(parts) => parts.iter().map(min_len).sum(),
        Node::Alt(alts) => alts.iter().map(min_len).min().unwrap_or(0),
        Node::Rep { min, sub, .. } => *min as usize * min_len(sub),
        Node::Cap { sub, .. } | Node::Ref { like: sub, .. } => min_len(sub),
    }
}

fn nth_max_len(n: &Node) -> usize {
    match n {
        Node::Lit(s) => s.chars().count(),
        Node::Class(_) => 1,
        Node::Seq(parts) => parts.iter().map(nth_max_len).sum(),
        Node::Alt(alts) => alts.iter().map(nth_max_len).max().unwrap_or(0),
        Node::Rep { count, sub, .. } => *count as usize * nth_max_len(sub),
        Node::Cap { sub, .. } | Node::Ref { like: sub, .. } => nth_max_len(sub),
    }
}

/// [`sample`] in at most `budget` characters: each part keeps room for the shortest strings of
/// the parts after it, alternatives and repetitions that cannot fit are not taken.
fn sample_within<R: Rng + ?Sized>(
    n: &Node,
    rng: &mut R,
    out: &mut String,
    budget: usize,
    caps: &mut Caps,
) {
    match n {
        Node::Lit(_) | Node::Class(_) => sample(n, rng, out, caps),
        Node::Cap { sub, .. } | Node::Ref { like: sub, .. } => group(n, out, caps, |out, caps| {
            sample_within(sub, rng, out, budget, caps)
        }),
        Node::Seq(parts) => {
            let mins: Vec<usize> = parts.iter().map(min_len).collect();
            let mut left = budget;
            for (i, p) in parts.iter().enumerate() {
                let later: usize = mins[i + 1..].iter().sum();
                let before = out.chars().count();
                sample_within(p, rng, out, left.saturating_sub(later), caps);
                left = left.saturating_sub(out.chars().count() - before);
            }
        }
        Node::Alt(alts) => {
            let fit: Vec<&Node> = alts.iter().filter(|a| min_len(a) <= budget).collect();
            let fit = if fit.is_empty() {
                alts.iter().collect()
            } else {
                fit
            };
            let a = fit[below(rng.next_u64(), fit.len() as u64) as usize];
            sample_within(a, rng, out, budget, caps);
        }
        Node::Rep { min, max, sub, .. } => {
            let hi = (*max).min(min + 8);
            let mut count = min + below(rng.next_u64(), (hi - min + 1) as u64) as u32;
            let sub_min = min_len(sub);
            if let Some(room) = budget.checked_div(sub_min) {
                count = count.min(room as u32).max(*min);
            }
            let mut left = budget;
            for k in 0..count {
                let later = (count - k - 1) as usize * sub_min;
                let before = out.chars().count();
                sample_within(sub, rng, out, left.saturating_sub(later), caps);
                left = left.saturating_sub(out.chars().count() - before);
            }
        }
    }
}

fn fold(n: &mut Node) {
    match n {
        Node::Lit(_) => {}
        Node::Class(chars) => {
            let mut seen = Vec::new();
            chars.retain(|c| {
                let lower = c.to_lowercase().to_string();
                let fresh = !seen.contains(&lower);
                seen.push(lower);
                fresh
            });
        }
        Node::Seq(items) | Node::Alt(items) => items.iter_mut().for_each(fold),
        Node::Rep { sub, .. } | Node::Cap { sub, .. } | Node::Ref { like: sub, .. } => fold(sub),
    }
}

/// `wide`: keep every printable character of a class, not only its alphanumerics (a pattern
/// with look-arounds may demand punctuation the modelled part does not show: `(?=.*[!@#])`).
fn convert(h: &Hir, wide: bool) -> Option<Node> {
    Some(match h.kind() {
        HirKind::Empty | HirKind::Look(_) => Node::Lit(String::new()),
        // PostgreSQL text cannot hold a NUL: a pattern that demands one cannot be generated.
        HirKind::Literal(l) if l.0.contains(&0) => return None,
        HirKind::Literal(l) => literal(String::from_utf8(l.0.to_vec()).ok()?),
        HirKind::Class(Class::Unicode(c)) => {
            let mut chars = Vec::new();
            let mut alnum = Vec::new();
            for r in c.ranges() {
                for code in (r.start() as u32)..=(r.end() as u32).min(0x7e) {
                    if let Some(ch) = char::from_u32(code)
                        && (0x20..=0x7e).contains(&code)
                    {
                        chars.push(ch);
                        if ch.is_ascii_alphanumeric() {
                            alnum.push(ch);
                        }
                    }
                }
            }
            if !alnum.is_empty() && !wide {
                chars = alnum;
            } else if chars.is_empty() {
                // A class with no printable ASCII at all (e.g. `[À-ÿ]`): take its first
                // printable characters.
                'outer: for r in c.ranges() {
                    for ch in r.start()..=r.end() {
                        if !ch.is_control() {
                            chars.push(ch);
                            if chars.len() >= 64 {
                                break 'outer;
                            }
                        }
                    }
                }
            } else if chars.len() > 1 {
                chars.retain(|&c| c != ' ');
            }
            if chars.is_empty() {
                return None;
            }
            Node::Class(chars)
        }
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Repetition(r) => {
            let max = r
                .max
                .unwrap_or(r.min.saturating_add(OPEN_REPEAT))
                .min(r.min.saturating_add(64));
            let sub = convert(&r.sub, wide)?;
            if max_len(&sub) == 0 {
                // `(?:){1000000}`, `\b*`: only the empty string, however often repeated.
                return Some(Node::Lit(String::new()));
            }
            Node::Rep {
                min: r.min,
                max,
                count: r.min,
                sub: Box::new(sub),
            }
        }
        HirKind::Capture(c) if wide => Node::Cap {
            index: c.index,
            sub: Box::new(convert(&c.sub, wide)?),
        },
        HirKind::Capture(c) => convert(&c.sub, wide)?,
        HirKind::Concat(parts) => Node::Seq(
            parts
                .iter()
                .map(|p| convert(p, wide))
                .collect::<Option<_>>()?,
        ),
        HirKind::Alternation(alts) => Node::Alt(
            alts.iter()
                .map(|p| convert(p, wide))
                .collect::<Option<_>>()?,
        ),
    })
}

/// `pattern` with its look-around constraints removed and each back-reference `\\N` written as
/// the character [`REF_MARK`] + N; `None` when it has neither. Classes and escapes are copied
/// as they are.
fn without_lookarounds(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                let next = chars.get(i + 1).copied();
                match next.and_then(|d| d.to_digit(10)).filter(|&d| d > 0) {
                    Some(n) => {
                        changed = true;
                        out.push_str(&format!("\\x{{{:X}}}", REF_MARK + n));
                    }
                    None => {
                        out.push('\\');
                        out.extend(next);
                    }
                }
                i += 2;
            }
            '[' => {
                let end = class_end(&chars, i);
                out.extend(&chars[i..end]);
                i = end;
            }
            '(' if is_lookaround(&chars[i..]) => {
                changed = true;
                i = group_end(&chars, i) + 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    changed.then_some(out)
}

fn is_lookaround(at: &[char]) -> bool {
    matches!(
        at,
        ['(', '?', '=' | '!', ..] | ['(', '?', '<', '=' | '!', ..]
    )
}

/// A literal, with the back-reference marks in it as [`Node::Ref`]s.
fn literal(s: String) -> Node {
    let is_ref = |c: char| (REF_MARK + 1..=REF_MARK + 9).contains(&(c as u32));
    if !s.chars().any(is_ref) {
        return Node::Lit(s);
    }
    let mut parts = Vec::new();
    let mut lit = String::new();
    for c in s.chars() {
        if is_ref(c) {
            parts.push(Node::Lit(std::mem::take(&mut lit)));
            parts.push(Node::Ref {
                index: c as u32 - REF_MARK,
                like: Box::new(Node::Lit(String::new())),
            });
        } else {
            lit.push(c);
        }
    }
    parts.push(Node::Lit(lit));
    Node::Seq(parts)
}

/// Give each back-reference its group's pattern (for lengths, and to draw when the group did
/// not: `(a)?\1`).
fn link_refs(root: &mut Node) {
    fn groups(n: &Node, out: &mut Vec<(u32, Node)>) {
        match n {
            Node::Cap { index, sub } => {
                out.push((*index, (**sub).clone()));
                groups(sub, out);
            }
            Node::Seq(p) | Node::Alt(p) => p.iter().for_each(|p| groups(p, out)),
            Node::Rep { sub, .. } => groups(sub, out),
            _ => {}
        }
    }
    fn link(n: &mut Node, found: &[(u32, Node)]) {
        match n {
            Node::Ref { index, like } => {
                if let Some((_, g)) = found.iter().find(|(i, _)| i == index) {
                    **like = g.clone();
                }
            }
            Node::Seq(p) | Node::Alt(p) => p.iter_mut().for_each(|p| link(p, found)),
            Node::Rep { sub, .. } | Node::Cap { sub, .. } => link(sub, found),
            _ => {}
        }
    }
    let mut found = Vec::new();
    groups(root, &mut found);
    link(root, &found);
}

/// The index just past the bracket expression opening at `start`.
fn class_end(chars: &[char], start: usize) -> usize {
    let mut j = start + 1;
    if chars.get(j) == Some(&'^') {
        j += 1;
    }
    if chars.get(j) == Some(&']') {
        j += 1;
    }
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 2,
            // A POSIX class `[:alpha:]` inside the brackets.
            '[' if chars.get(j + 1) == Some(&':') => {
                j += 2;
                while j < chars.len() && !(chars[j] == ']' && chars[j - 1] == ':') {
                    j += 1;
                }
                j += 1;
            }
            ']' => return j + 1,
            _ => j += 1,
        }
    }
    chars.len()
}

/// The index of the `)` closing the group opening at `start` (the last index when unclosed).
fn group_end(chars: &[char], start: usize) -> usize {
    let mut depth = 0usize;
    let mut j = start;
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 1,
            '[' => {
                j = class_end(chars, j);
                continue;
            }
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
        j += 1;
    }
    chars.len().saturating_sub(1)
}

fn capacity(n: &Node) -> u128 {
    match n {
        Node::Lit(_) => 1,
        Node::Class(c) => c.len() as u128,
        Node::Seq(parts) => parts
            .iter()
            .fold(1u128, |a, p| a.saturating_mul(capacity(p))),
        Node::Alt(alts) => alts
            .iter()
            .fold(0u128, |a, p| a.saturating_add(capacity(p))),
        Node::Rep { count, sub, .. } => capacity(sub).saturating_pow(*count),
        Node::Cap { sub, .. } => capacity(sub),
        // Determined by its group.
        Node::Ref { .. } => 1,
    }
}

/// The longest string the node can produce, with every repetition at its maximum (which bounds
/// both [`sample`] and [`render`] after any [`grow`]).
fn max_len(n: &Node) -> u128 {
    match n {
        Node::Lit(s) => s.chars().count() as u128,
        Node::Class(_) => 1,
        Node::Seq(parts) => parts
            .iter()
            .fold(0u128, |a, p| a.saturating_add(max_len(p))),
        Node::Alt(alts) => alts.iter().map(max_len).max().unwrap_or(0),
        Node::Rep { max, sub, .. } => max_len(sub).saturating_mul(*max as u128),
        Node::Cap { sub, .. } | Node::Ref { like: sub, .. } => max_len(sub),
    }
}

/// Lengthen the first repetition that can grow and whose growth adds strings. False when none.
fn grow(n: &mut Node) -> bool {
    match n {
        Node::Lit(_) | Node::Class(_) | Node::Ref { .. } => false,
        Node::Seq(parts) | Node::Alt(parts) => parts.iter_mut().any(grow),
        Node::Cap { sub, .. } => grow(sub),
        Node::Rep {
            max, count, sub, ..
        } => {
            if grow(sub) {
                return true;
            }
            if *count < *max && capacity(sub) > 1 {
                *count += 1;
                true
            } else {
                false
            }
        }
    }
}

fn render(n: &Node, mut i: u128, out: &mut String) {
    match n {
        Node::Lit(s) => out.push_str(s),
        Node::Class(c) => out.push(c[(i % c.len() as u128) as usize]),
        Node::Seq(parts) => {
            // Mixed radix: the last part varies fastest.
            let caps: Vec<u128> = parts.iter().map(capacity).collect();
            let mut digits = vec![0u128; parts.len()];
            for k in (0..parts.len()).rev() {
                let c = caps[k].max(1);
                digits[k] = i % c;
                i /= c;
            }
            for (p, d) in parts.iter().zip(digits) {
                render(p, d, out);
            }
        }
        Node::Alt(alts) => {
            for a in alts {
                let c = capacity(a);
                if i < c {
                    return render(a, i, out);
                }
                i -= c;
            }
            if let Some(a) = alts.last() {
                render(a, 0, out);
            }
        }
        Node::Rep { count, sub, .. } => {
            let c = capacity(sub).max(1);
            let mut digits = Vec::with_capacity(*count as usize);
            for _ in 0..*count {
                digits.push(i % c);
                i /= c;
            }
            for d in digits.into_iter().rev() {
                render(sub, d, out);
            }
        }
        // Patterns with back-references are sampled, never enumerated (not `exact`).
        Node::Cap { sub, .. } => render(sub, i, out),
        Node::Ref { like, .. } => render(like, 0, out),
    }
}

fn sample<R: Rng + ?Sized>(n: &Node, rng: &mut R, out: &mut String, caps: &mut Caps) {
    match n {
        Node::Lit(s) => out.push_str(s),
        Node::Class(c) => out.push(c[below(rng.next_u64(), c.len() as u64) as usize]),
        Node::Seq(parts) => parts.iter().for_each(|p| sample(p, rng, out, caps)),
        Node::Alt(alts) => sample(
            &alts[below(rng.next_u64(), alts.len() as u64) as usize],
            rng,
            out,
            caps,
        ),
        Node::Cap { .. } | Node::Ref { .. } => {
            group(n, out, caps, |out, caps| sample_sub(n, rng, out, caps))
        }
        Node::Rep { min, max, sub, .. } => {
            // Open repetitions produce modest lengths; bounded ones use their whole range.
            let hi = (*max).min(min.saturating_add(8));
            let count = min + below(rng.next_u64(), (hi - min + 1) as u64) as u32;
            for _ in 0..count {
                sample(sub, rng, out, caps);
            }
        }
    }
}

/// The node under a group or back-reference (the pattern a reference copies).
fn sample_sub<R: Rng + ?Sized>(n: &Node, rng: &mut R, out: &mut String, caps: &mut Caps) {
    if let Node::Cap { sub, .. } | Node::Ref { like: sub, .. } = n {
        sample(sub, rng, out, caps)
    }
}

/// A group records what `draw` writes; a back-reference writes what its group recorded (or
/// draws from the group's pattern when the group drew nothing).
fn group(n: &Node, out: &mut String, caps: &mut Caps, draw: impl FnOnce(&mut String, &mut Caps)) {
    match n {
        Node::Cap { index, .. } => {
            let start = out.len();
            draw(out, caps);
            let i = *index as usize;
            if caps.len() <= i {
                caps.resize(i + 1, None);
            }
            caps[i] = Some(out[start..].to_string());
        }
        Node::Ref { index, .. } => match caps.get(*index as usize).cloned().flatten() {
            Some(s) => out.push_str(&s),
            None => draw(out, caps),
        },
        _ => draw(out, caps),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn full_width_strings_for_a_padded_column() {
        // musicbrainz's iswc character(15): only the full form survives the server's padding.
        let p = r"^T-?\d{3}.?\d{3}.?\d{3}[-.]?\d$";
        let full = crate::values::regex_enum::fill_width(p, 15).expect("a full-width form");
        assert_eq!(full, r"^T-\d{3}.\d{3}.\d{3}[-.]\d$");
        let e = crate::values::regex_enum::RegexEnum::new(&full).expect("parses");
        for row in 0..50 {
            assert_eq!(e.nth(row).chars().count(), 15);
        }
        assert_eq!(
            crate::values::regex_enum::fill_width(r"^[A-Z]{2,3}$", 3).as_deref(),
            Some(r"^[A-Z]{3}$")
        );
        // No full-width form: left as it is.
        assert_eq!(crate::values::regex_enum::fill_width(r"^[A-Z]+$", 3), None);
        assert_eq!(crate::values::regex_enum::fill_width(r"^(ab|c)$", 2), None);
    }

    use super::*;
    use crate::values::rng::RowRng;

    #[test]
    fn unique_strings_match_their_pattern() {
        let pat = "^[A-Z]{3}-[0-9]{4,6}$";
        let re = regex::Regex::new(pat).unwrap();
        let mut e = RegexEnum::new(pat).unwrap();
        assert!(e.prepare_unique(50_000, 1) >= 50_000);
        let mut seen = std::collections::HashSet::new();
        for row in 0..50_000 {
            let s = e.nth(row);
            assert!(re.is_match(&s), "{s}");
            assert!(seen.insert(s));
        }
    }

    #[test]
    fn samples_fit_a_length() {
        let mut rng = RowRng::new(3, 3);
        for (pat, max) in [
            ("^[A-Z]{2,8}$", 3),
            (r"^[a-z]+@[a-z]+\.(com|info)$", 9),
            ("^(ab|c)+x$", 4),
        ] {
            let e = RegexEnum::new(pat).unwrap();
            let re = regex::Regex::new(pat).unwrap();
            assert!(e.min_len() <= max);
            for _ in 0..300 {
                let s = e.sample_within(&mut rng, max);
                assert!(s.chars().count() <= max && re.is_match(&s), "{pat}: {s}");
            }
        }
        assert_eq!(RegexEnum::new("[A-Z]{5}").unwrap().min_len(), 5);
    }

    #[test]
    fn capacity_is_reported_for_small_languages() {
        let mut e = RegexEnum::new("^[ab]{1,2}$").unwrap();
        assert_eq!(e.max_capacity(), 4);
        assert_eq!(e.prepare_unique(100, 1), 4);
    }

    #[test]
    fn samples_are_printable_and_match() {
        let pat = r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$";
        let re = regex::Regex::new(pat).unwrap();
        let e = RegexEnum::new(pat).unwrap();
        let mut rng = RowRng::new(5, 5);
        for _ in 0..500 {
            let s = e.sample(&mut rng);
            assert!(re.is_match(&s), "{s}");
            assert!(s.chars().all(|c| !c.is_control()), "{s:?}");
        }
        // Negated classes and `.` never give a NUL; a literal NUL is refused.
        for pat in [r"[^a]{20}", r".{20}", r"[\x00-\x7f]{20}", r"(?s:.){20}"] {
            let e = RegexEnum::new(pat).unwrap();
            for _ in 0..100 {
                assert!(!e.sample(&mut rng).contains('\0'), "{pat}");
            }
        }
        assert!(RegexEnum::new(r"a\x00b").is_none());
        let e = RegexEnum::new(r"^[0-9]+\.[0-9]+\.[0-9]+.*$").unwrap();
        let re = regex::Regex::new(r"^[0-9]+\.[0-9]+\.[0-9]+.*$").unwrap();
        assert!(re.is_match(&e.sample(&mut rng)));
    }

    #[test]
    fn long_languages_are_refused_before_building_strings() {
        for pat in [
            "a{4294967295}",
            "(x{1000}){1000}",
            "[a-z]{10001}",
            "((a{100}){100}){100}",
        ] {
            let e = RegexEnum::parse(pat).unwrap_err();
            assert!(e.contains("at most 10000"), "{pat}: {e}");
        }
        assert!(RegexEnum::parse("[a-z]{10000}").is_ok());
    }

    #[test]
    fn repeated_empty_strings_are_empty() {
        let mut rng = RowRng::new(1, 1);
        for pat in ["(?:){4000000000}", r"\b{4000000000}", "(|){99999}x"] {
            let mut e = RegexEnum::parse(pat).unwrap();
            assert!(e.sample(&mut rng).len() <= 1, "{pat}");
            e.prepare_unique(10, 1);
            assert!(e.nth(3).len() <= 1, "{pat}");
        }
    }

    #[test]
    fn lookarounds_are_removed_and_back_references_copied() {
        for (pat, want) in [
            (r"^(?=.*[A-Z])(?=.*[0-9]).{8,}$", Some(r"^.{8,}$")),
            (r"^(?!admin$)[a-z]+(?<!_)(?<=x|y)$", Some(r"^[a-z]+$")),
            (r"^([a-z]{2})-\1$", Some(r"^([a-z]{2})-\x{E001}$")),
            (
                r"^(?<w>a|b)(c)\2\1$",
                Some(r"^(?<w>a|b)(c)\x{E002}\x{E001}$"),
            ),
            // Inside brackets `(?=` and `\1` are characters; escapes stay as they are.
            (r"^[(?=)\1]+\.(?=x)$", Some(r"^[(?=)\1]+\.$")),
            (r"^[[:alpha:]](?=[]x])$", Some(r"^[[:alpha:]]$")),
            (r"^[a-z]+\.(com|org)$", None),
        ] {
            assert_eq!(without_lookarounds(pat).as_deref(), want, "{pat}");
        }
    }

    #[test]
    fn samples_with_lookarounds_match_the_whole_pattern() {
        let mut rng = RowRng::new(7, 7);
        for pat in [
            r"^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9]).{8,}$",
            r"^(?=.*[!@#$%^&*]).{10,20}$",
            r"^(?!test)[a-z]{4}$",
            r"^[a-z]+(?<!_x)$",
            r"^([a-z]{2})-\1$",
            r"^(\d)(\d)\2\1$",
            r"^([a-z]+) \1$",
            r"^(a|bb)?c\1$",
        ] {
            let m = Matcher::new(pat, false).unwrap_or_else(|| panic!("{pat}"));
            assert!(matches!(m, Matcher::Backtracking(_)), "{pat}");
            let e = RegexEnum::parse(pat).unwrap();
            assert!(!e.exact(), "{pat}");
            let ok = (0..200).filter(|_| m.is_match(&e.sample(&mut rng))).count();
            assert!(ok >= 199, "{pat}: {ok} of 200");
            assert!(m.is_match(&e.sample_within(&mut rng, 20)), "{pat}");
        }
        assert!(RegexEnum::parse("^[a-z]{3}$").unwrap().exact());
    }

    #[test]
    fn syntax_errors_are_one_line() {
        let e = RegexEnum::parse("[a-").unwrap_err();
        assert!(e.starts_with("invalid regex: "), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }
}
