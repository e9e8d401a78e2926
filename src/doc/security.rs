//! Security and privacy: the columns seedbed classifies as personal data.

use super::Doc;
use super::markdown::{code, prose, table};
use crate::values::text::Pii;

impl Doc<'_> {
    pub(super) fn security(&self) -> String {
        let mut out = String::from("## Security and Privacy\n\n");
        out.push_str("### Personal data\n\n");
        let mut rows = Vec::new();
        for (ti, t) in self.tables() {
            let Some(tp) = self.plans.get(&ti) else {
                continue;
            };
            for c in &tp.columns {
                if let Some(p) = c.pii {
                    rows.push(vec![
                        code(&t.key()),
                        code(&c.name),
                        pii_name(p),
                        prose(p.guarantee()),
                    ]);
                }
            }
        }
        if rows.is_empty() {
            out.push_str("seedbed classifies no column as personal data.\n\n");
        } else {
            out.push_str(
                "Columns seedbed classifies as personal data (from their names and types), and what it generates for them instead. \
                 seedbed never reads rows from the database: every value is synthetic.\n\n",
            );
            table(
                &mut out,
                &["Table", "Column", "Class", "seedbed generates"],
                &rows,
            );
        }
        out
    }
}

pub(super) fn pii_name(p: Pii) -> String {
    // The serde name is the one `seedbed plan --format json` uses: keep them the same.
    serde_json::to_value(p)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
