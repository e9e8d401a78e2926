//! Data quality: CHECK constraints, uniqueness and exclusion constraints, and how seedbed
//! satisfies each.

use std::fmt::Write;

use super::Doc;
use super::markdown::{code, prose, table};
use crate::model::{SqlType, Table};
use crate::plan::CheckPlan;
use crate::plan::constraints::Translation;

impl Doc<'_> {
    pub(super) fn quality(&self) -> String {
        let mut out = String::from("## Data Quality\n\n");
        out.push_str(&self.checks());
        out.push_str(&self.uniqueness());
        out.push_str(&self.exclusions());
        out.push_str(&self.refusals());
        out
    }

    /// Every CHECK of a table or of a column's domain.
    fn checks(&self) -> String {
        let mut out = String::from("### CHECK constraints\n\n");
        out.push_str(
            "Every CHECK, and how seedbed generates values that satisfy it. \"Translated\" means the CHECK is turned into \
             bounds, choices, lengths, patterns or relations between columns that the generators follow; every generated \
             row is also evaluated against every CHECK seedbed can model, and a failing row is drawn again. A CHECK that calls \
             code seedbed cannot evaluate is run by the server on a sample of generated rows before anything is loaded.\n\n",
        );
        let mut rows = Vec::new();
        for (ti, t) in self.tables() {
            let tp = self.plans.get(&ti);
            for k in &t.checks {
                let cp = tp.and_then(|tp| {
                    tp.checks
                        .iter()
                        .find(|c| c.name == k.name && c.domain_of.is_none())
                });
                rows.push(vec![
                    code(&t.key()),
                    code(&k.name),
                    code(&k.definition) + if k.not_valid { " (NOT VALID)" } else { "" },
                    self.check_how(ti, t, cp, &k.columns),
                ]);
            }
            for c in &t.columns {
                let domain = match &c.type_info {
                    SqlType::Domain { schema, name, .. } => format!("{schema}.{name}"),
                    _ => continue,
                };
                for k in c.type_info.domain_checks() {
                    let cp = tp.and_then(|tp| {
                        tp.checks.iter().find(|x| {
                            x.name == k.name && x.domain_of.as_deref() == Some(c.name.as_str())
                        })
                    });
                    rows.push(vec![
                        code(&t.key()),
                        format!(
                            "{} (domain {} of {})",
                            code(&k.name),
                            code(&domain),
                            code(&c.name)
                        ),
                        code(&k.definition),
                        self.check_how(ti, t, cp, std::slice::from_ref(&c.name)),
                    ]);
                }
            }
        }
        if rows.is_empty() {
            out.push_str("No CHECK constraints.\n\n");
        } else {
            table(
                &mut out,
                &[
                    "Table",
                    "Constraint",
                    "Definition",
                    "How seedbed satisfies it",
                ],
                &rows,
            );
        }
        out
    }

    fn uniqueness(&self) -> String {
        let mut out = String::from("### Uniqueness\n\n");
        let mut rows = Vec::new();
        for tp in &self.plan.tables {
            for u in &tp.uniques {
                rows.push(vec![code(&tp.key), code(&u.key), prose(&u.how)]);
            }
        }
        if rows.is_empty() {
            out.push_str("No unique keys.\n\n");
        } else {
            table(
                &mut out,
                &["Table", "Key", "How seedbed keeps it unique"],
                &rows,
            );
        }
        out
    }

    /// Exclusion constraints, if there are any (the subsection is left out otherwise).
    fn exclusions(&self) -> String {
        let mut out = String::new();
        let mut rows = Vec::new();
        for (ti, t) in self.tables() {
            for x in &t.exclusions {
                rows.push(vec![
                    code(&t.key()),
                    code(&x.name),
                    code(&x.definition),
                    self.exclusion_how(ti, t, &x.name),
                ]);
            }
        }
        if !rows.is_empty() {
            out.push_str("### Exclusion constraints\n\n");
            table(
                &mut out,
                &[
                    "Table",
                    "Constraint",
                    "Definition",
                    "How seedbed satisfies it",
                ],
                &rows,
            );
        }
        out
    }

    /// What the plan refuses, if anything.
    fn refusals(&self) -> String {
        let mut out = String::new();
        if !self.plan.refusals.is_empty() {
            out.push_str("### What seedbed cannot satisfy yet\n\n");
            out.push_str("With this profile seedbed refuses to load until these are fixed:\n\n");
            for r in &self.plan.refusals {
                let _ = writeln!(out, "- {}", prose(&r.to_string()));
            }
            out.push('\n');
        }
        out
    }

    /// How a CHECK is satisfied, from its plan (translation, modelled, server verification) and
    /// the generators of the columns it reads.
    fn check_how(
        &self,
        ti: usize,
        t: &Table,
        cp: Option<&CheckPlan>,
        columns: &[String],
    ) -> String {
        let Some(cp) = cp else {
            return "not in the plan: enforced by PostgreSQL during the load".into();
        };
        let mut how = if !cp.modelled {
            match self
                .verified
                .iter()
                .find(|v| v.table == t.key() && v.check == cp.name)
            {
                Some(v) if v.failed == 0 => format!(
                    "calls code seedbed cannot evaluate: the server checked {} generated sample rows and all passed",
                    v.sampled
                ),
                Some(v) => format!(
                    "calls code seedbed cannot evaluate: the server rejected {} of {} generated sample rows, so seedbed refuses to load until the profile gives values that pass",
                    v.failed, v.sampled
                ),
                None => "not modelled by seedbed: enforced by PostgreSQL during the load".into(),
            }
        } else {
            match cp.translation {
                Translation::Full => "translated into the generators; every row is evaluated".into(),
                Translation::Partial => {
                    "partly translated into the generators; every row is evaluated and failing rows are drawn again".into()
                }
                Translation::None => "every row is evaluated and failing rows are drawn again".into(),
            }
        };
        let generators: Vec<String> = columns
            .iter()
            .filter_map(|c| {
                self.column_plan(ti, c)
                    .map(|p| format!("{}: {}", code(&p.name), prose(&p.reason)))
            })
            .collect();
        if !generators.is_empty() {
            let _ = write!(how, ". {}", generators.join("; "));
        }
        how
    }

    /// How an exclusion constraint is satisfied: by the generator of the column that honours
    /// it (the plan records the constraint in the column's `honours`), or not at all (the plan
    /// then holds a refusal naming it).
    fn exclusion_how(&self, ti: usize, t: &Table, name: &str) -> String {
        let Some(tp) = self.plans.get(&ti) else {
            return "not in the plan".into();
        };
        let by: Vec<String> = tp
            .columns
            .iter()
            .filter(|c| c.honours.iter().any(|h| h == name))
            .map(|c| format!("{}: {}", code(&c.name), prose(&c.reason)))
            .collect();
        if !by.is_empty() {
            return format!("honoured by construction. {}", by.join("; "));
        }
        let refused = self
            .plan
            .refusals
            .iter()
            .any(|r| r.table == t.key() && r.subject.ends_with(name));
        if refused {
            "seedbed cannot honour this form and refuses to load the table (see below)".into()
        } else {
            "not honoured by the generators: enforced by PostgreSQL during the load".into()
        }
    }
}
