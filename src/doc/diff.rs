//! The line diff behind [`super::check`].

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Equal(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// Largest middle part (after the common prefix and suffix are removed) diffed line by line:
/// the LCS table is (n+1)·(m+1) cells. Beyond it the middle is shown as replaced wholesale,
/// which is still correct, only less precise.
const MAX_LCS_CELLS: usize = 4_000_000;

/// Line-level diff: common prefix and suffix, then a longest-common-subsequence table over
/// the rest. Documents differ in a few places, so the middle is small.
pub(super) fn diff_lines(a: &[&str], b: &[&str]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Equal(i, i)).collect();
    let (n, m) = (ma.len(), mb.len());
    if (n + 1).saturating_mul(m + 1) <= MAX_LCS_CELLS {
        // lcs[i][j] = LCS length of ma[i..] and mb[j..].
        let w = m + 1;
        let mut lcs = vec![0u32; (n + 1) * w];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * w + j] = if ma[i] == mb[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && ma[i] == mb[j] {
                ops.push(Op::Equal(prefix + i, prefix + j));
                i += 1;
                j += 1;
            } else if j < m && (i == n || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j]) {
                ops.push(Op::Insert(prefix + j));
                j += 1;
            } else {
                ops.push(Op::Delete(prefix + i));
                i += 1;
            }
        }
        // Show deletions before insertions within a change, as diff does.
        normalise_hunks(&mut ops);
    } else {
        ops.extend((0..n).map(|i| Op::Delete(prefix + i)));
        ops.extend((0..m).map(|j| Op::Insert(prefix + j)));
    }
    ops.extend((0..suffix).map(|k| Op::Equal(a.len() - suffix + k, b.len() - suffix + k)));
    ops
}

/// Within each run of non-equal ops, put deletions first (order inside each kind is kept).
pub(super) fn normalise_hunks(ops: &mut [Op]) {
    let mut i = 0;
    while i < ops.len() {
        if matches!(ops[i], Op::Equal(..)) {
            i += 1;
            continue;
        }
        let start = i;
        while i < ops.len() && !matches!(ops[i], Op::Equal(..)) {
            i += 1;
        }
        ops[start..i].sort_by_key(|o| match o {
            Op::Delete(x) => (0, *x),
            Op::Insert(x) => (1, *x),
            Op::Equal(..) => (2, 0),
        });
    }
}

/// Lines of each file before the first op of a hunk (for hunk headers of an empty side).
pub(super) fn position_before(ops: &[Op]) -> (usize, usize) {
    let (mut e, mut a) = (0, 0);
    for o in ops {
        match o {
            Op::Equal(..) => {
                e += 1;
                a += 1;
            }
            Op::Delete(_) => e += 1,
            Op::Insert(_) => a += 1,
        }
    }
    (e, a)
}
