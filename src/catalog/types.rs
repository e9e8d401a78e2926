//! Type oids (with their modifiers) → [`SqlType`] trees, from the rows of the type closure.

use std::collections::HashMap;

use super::parse_check;
use super::queries::{CompositeFieldRow, TypeClosure, TypeRow};
use crate::model::*;

/// Resolves type oids (with their modifiers) into [`SqlType`] trees.
pub(super) struct TypeResolver {
    rows: HashMap<u32, TypeRow>,
    enums: HashMap<u32, Vec<String>>,
    domain_checks: HashMap<u32, Vec<Check>>,
    /// Composite type oid → its fields.
    fields: HashMap<u32, Vec<CompositeFieldRow>>,
}

impl TypeResolver {
    pub(super) fn new(closure: TypeClosure) -> TypeResolver {
        let mut enums: HashMap<u32, Vec<String>> = HashMap::new();
        for r in closure.enum_labels {
            enums.entry(r.typ).or_default().push(r.label);
        }
        let mut domain_checks: HashMap<u32, Vec<Check>> = HashMap::new();
        for r in closure.domain_checks {
            domain_checks
                .entry(r.typ)
                .or_default()
                .push(parse_check(r.name, r.def, !r.validated));
        }
        // A composite type's fields are the attributes of its relation.
        let composite_of_rel: HashMap<i64, u32> = closure
            .types
            .iter()
            .filter(|t| t.typtype == "c")
            .map(|t| (t.relid as i64, t.oid))
            .collect();
        let mut fields: HashMap<u32, Vec<CompositeFieldRow>> = HashMap::new();
        for r in closure.composite_fields {
            let typ = composite_of_rel.get(&r.rel).copied().unwrap_or(0);
            fields.entry(typ).or_default().push(r);
        }
        let rows = closure.types.into_iter().map(|t| (t.oid, t)).collect();
        TypeResolver {
            rows,
            enums,
            domain_checks,
            fields,
        }
    }

    pub(super) fn resolve(&self, oid: u32, typmod: i32) -> SqlType {
        let Some(t) = self.rows.get(&oid) else {
            return SqlType::Other {
                schema: String::new(),
                name: format!("oid {oid}"),
                oid,
            };
        };
        match t.typtype.as_str() {
            "e" => SqlType::Enum {
                schema: t.schema.clone(),
                name: t.name.clone(),
                oid,
                labels: self.enums.get(&oid).cloned().unwrap_or_default(),
            },
            "d" => SqlType::Domain {
                schema: t.schema.clone(),
                name: t.name.clone(),
                oid,
                base: Box::new(self.resolve(t.base, t.typmod)),
                not_null: t.notnull,
                checks: self.domain_checks.get(&oid).cloned().unwrap_or_default(),
            },
            "c" => SqlType::Composite {
                schema: t.schema.clone(),
                name: t.name.clone(),
                oid,
                fields: self
                    .fields
                    .get(&oid)
                    .into_iter()
                    .flatten()
                    .map(|f| CompositeField {
                        name: f.name.clone(),
                        type_name: f.type_name.clone(),
                        type_info: self.resolve(f.typid, f.typmod),
                    })
                    .collect(),
            },
            "r" => SqlType::Range {
                schema: t.schema.clone(),
                name: t.name.clone(),
                oid,
                subtype: Box::new(self.resolve(t.range_sub, -1)),
            },
            "b" if t.category == "A" && t.elem != 0 => SqlType::Array {
                oid,
                element: Box::new(self.resolve(t.elem, typmod)),
            },
            // Built-in multiranges are listed with the base types (by name, no typmod).
            "b" | "m" if t.schema == "pg_catalog" => {
                let (length, precision, scale) = decode_typmod(&t.name, typmod);
                SqlType::Base {
                    name: t.name.clone(),
                    oid,
                    length,
                    precision,
                    scale,
                }
            }
            _ => SqlType::Other {
                schema: t.schema.clone(),
                name: t.name.clone(),
                oid,
            },
        }
    }
}
/// Decode `atttypmod` into (length, precision, scale) the way `format_type` does.
fn decode_typmod(name: &str, typmod: i32) -> (Option<u32>, Option<u32>, Option<u32>) {
    if typmod < 0 {
        return (None, None, None);
    }
    match name {
        "varchar" | "bpchar" => (Some((typmod - 4) as u32), None, None),
        "bit" | "varbit" => (Some(typmod as u32), None, None),
        "numeric" => {
            let m = typmod - 4;
            let scale = m & 0x7ff;
            // PostgreSQL 15 allows negative scales, stored as 11-bit two's complement.
            let scale = if scale > 1000 { 0 } else { scale };
            (None, Some(((m >> 16) & 0xffff) as u32), Some(scale as u32))
        }
        "time" | "timetz" | "timestamp" | "timestamptz" => (None, Some(typmod as u32), None),
        "interval" => {
            let p = typmod & 0xffff;
            (None, (p != 0xffff).then_some(p as u32), None)
        }
        _ => (None, None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typmods() {
        assert_eq!(decode_typmod("varchar", 259), (Some(255), None, None));
        assert_eq!(
            decode_typmod("numeric", ((12 << 16) | 2) + 4),
            (None, Some(12), Some(2))
        );
        assert_eq!(decode_typmod("int4", -1), (None, None, None));
    }
}
