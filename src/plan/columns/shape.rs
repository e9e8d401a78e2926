//! A profile's shape settings on a planned column: `distinct` caps how many values it takes,
//! `avg_length` sizes its free text. Both are what `seedbed profile --from-stats` copies from a
//! source database's statistics, so staging can look like production without reading a value.

use super::*;
use crate::model::KeyPart;

/// Text kinds that are free text, whose length is theirs to choose; the others (names, emails,
/// codes) have a shape of their own that a length would break.
const PROSE: [TextKind; 5] = [
    TextKind::Sentence,
    TextKind::Paragraph,
    TextKind::Words,
    TextKind::Word,
    TextKind::Title,
];

/// Apply `cp`'s `avg_length` to `plan` (a column that is not a foreign key), before unique
/// keys are planned: a unique strategy wraps the prose like any other text.
pub(super) fn apply_length(
    plan: &mut ColumnPlan,
    cp: &ColumnProfile,
    table: &str,
    found: &mut Diagnostics,
) {
    if let Some(n) = cp.avg_length {
        avg_length(plan, n, table, found);
    }
}

/// Apply each column's `distinct` once unique keys are planned: a column of any unique key
/// (a plain column or one an expression reads) cannot repeat its values, so it is refused.
pub(super) fn apply_distinct(input: &TableInput, tp: &mut TablePlan, found: &mut Diagnostics) {
    let t = input.table;
    for c in tp.columns.iter_mut() {
        let Some(n) = input.column_profile(&c.name).and_then(|cp| cp.distinct) else {
            continue;
        };
        let key = t.all_unique_keys().find(|k| {
            k.parts.iter().any(|p| match p {
                KeyPart::Column(col) => *col == c.name,
                KeyPart::Expression { expr, .. } => expr.columns().contains(&c.name),
            })
        });
        match key {
            Some(k) => found.refusals.push(Refusal {
                table: tp.key.clone(),
                subject: format!("column {}", c.name),
                message: format!(
                    "distinct = {n}, but the column is in unique key {}: every row needs a value of its own",
                    k.name
                ),
                fix: format!(
                    "remove distinct from [tables.\"{}\".columns.{}]",
                    tp.key, c.name
                ),
            }),
            None => distinct(c, n, &tp.key, found),
        }
    }
}

impl ColumnPlan {
    /// Free text whose length `avg_length` may set: prose kinds and the type's fallback text.
    pub fn is_free_text(&self) -> bool {
        self.write
            && match &self.generator {
                Gen::Text { kind } => PROSE.contains(kind) || self.source == Source::Type,
                Gen::Prose { .. } => true,
                _ => false,
            }
    }

    /// Whether a `distinct` cap may apply: values of its own, not unique, not read from others.
    pub fn takes_distinct(&self) -> bool {
        self.write
            && !self.keyed
            && !self.generator.is_unique()
            && !matches!(self.generator, Gen::Engine)
            && self.generator.depends_on().is_empty()
    }
}

fn avg_length(plan: &mut ColumnPlan, n: usize, table: &str, found: &mut Diagnostics) {
    if !plan.is_free_text() {
        found.warnings.push(format!(
            "{table}.{}: avg_length = {n} not applied: its values have a shape of their own ({})",
            plan.name, plan.reason
        ));
        return;
    }
    plan.generator = Gen::Prose { mean: n };
    plan.source = Source::Profile;
    plan.reason = format!("profile: free text of about {n} characters (avg_length)");
}

fn distinct(plan: &mut ColumnPlan, n: u64, table: &str, found: &mut Diagnostics) {
    if !plan.takes_distinct() {
        found.warnings.push(format!(
            "{table}.{}: distinct = {n} not applied: its values follow other columns of the row",
            plan.name
        ));
        return;
    }
    plan.distinct = Some(n);
    plan.reason = format!("{}; at most {n} distinct values", plan.reason);
}
