//! Catalog rows → [`Catalog`]: pure assembly, no I/O.
//!
//! Each query's rows are grouped by table oid (`rel`) first; the tables are then built from
//! those groups, partitions hung under their parents.

use std::collections::{BTreeMap, HashMap};

use super::Filter;
use super::parse::{parse_bound, parse_check, parse_partkey};
use super::queries::*;
use super::types::TypeResolver;
use crate::model::*;
use crate::values::expr::Expr;

/// Everything the catalog queries returned.
pub(super) struct CatalogRows {
    pub server_version: String,
    pub relations: Vec<RelationRow>,
    pub tables: TableRows,
    /// Functions the triggers call that the database lacks.
    pub missing_calls: Vec<MissingCall>,
}

fn is_view(rel: &RelationRow) -> bool {
    rel.kind == "v" || rel.kind == "m"
}

/// The tables rows are loaded into: not views, not partitions, not excluded.
pub(super) fn top_level_tables<'a>(
    relations: &'a [RelationRow],
    filter: &Filter,
) -> Vec<&'a RelationRow> {
    relations
        .iter()
        .filter(|r| !is_view(r) && !r.is_partition && !filter.excludes(&r.schema, &r.name))
        .collect()
}

/// A CHECK's columns as the server lists them (`conkey`) added to those its parsed expression
/// names: a part seedbed does not parse still reads its columns, and the server verifies it
/// with them.
fn with_server_columns(mut c: Check, server: Vec<String>) -> Check {
    for col in server {
        if !c.columns.contains(&col) {
            c.columns.push(col);
        }
    }
    c
}

/// Build the model from the rows of the catalog queries.
pub(super) fn assemble(rows: CatalogRows, filter: &Filter) -> Catalog {
    let CatalogRows {
        server_version,
        relations,
        tables: rows,
        missing_calls,
    } = rows;
    let types = TypeResolver::new(rows.types);
    let (mut columns, attnames) = columns_by_table(rows.columns, &types);
    let tables: Vec<&RelationRow> = relations.iter().filter(|r| !is_view(r)).collect();
    let mut constraints = constraints_by_table(rows.constraints, &tables);
    let mut keys = indexes_by_table(&rows.indexes, &attnames, &constraints);
    let mut incoming = group_by_rel(rows.incoming_keys.into_iter().map(|r| {
        let key = IncomingKey {
            table: r.from_table,
            name: r.name,
            columns: r.cols,
        };
        (r.rel, key)
    }));
    let schema_of: HashMap<i64, &str> = tables.iter().map(|r| (r.oid, r.schema.as_str())).collect();
    let mut triggers = group_by_rel(rows.triggers.into_iter().map(|r| {
        let schema = schema_of.get(&r.rel).copied().unwrap_or("public");
        let effect = super::triggers::effect(&r, schema, &tables, &missing_calls);
        let trigger = Trigger {
            name: r.name,
            definition: r.def,
            function: r.function,
            effect,
        };
        (r.rel, trigger)
    }));
    let children = partitions_by_parent(&tables);

    let top = top_level_tables(&relations, filter);
    let mut out = Vec::with_capacity(top.len());
    let mut schemas = Vec::new();
    for rel in top {
        if !schemas.contains(&rel.schema) {
            schemas.push(rel.schema.clone());
        }
        out.push(Table {
            schema: rel.schema.clone(),
            name: rel.name.clone(),
            comment: rel.comment.clone(),
            columns: columns.remove(&rel.oid).unwrap_or_default(),
            primary_key: keys.primary.remove(&rel.oid),
            unique_keys: keys.uniques.remove(&rel.oid).unwrap_or_default(),
            checks: constraints.checks.remove(&rel.oid).unwrap_or_default(),
            foreign_keys: with_partition_keys(
                constraints
                    .foreign_keys
                    .remove(&rel.oid)
                    .unwrap_or_default(),
                partition_keys(rel.oid, &children, &constraints.foreign_keys),
            ),
            exclusions: constraints.exclusions.remove(&rel.oid).unwrap_or_default(),
            indexes: keys.indexes.remove(&rel.oid).unwrap_or_default(),
            triggers: triggers.remove(&rel.oid).unwrap_or_default(),
            partitioning: if rel.kind == "p" {
                partitioning_of(rel, &children, attnames.get(&rel.oid))
            } else {
                None
            },
            referenced_by: incoming.remove(&rel.oid).unwrap_or_default(),
        });
    }
    schemas.sort();

    Catalog {
        server_version,
        schemas,
        tables: out,
        views: views(&relations, filter),
        excluded: excluded_tables(&relations, filter),
        existing: Default::default(),
    }
}

fn group_by_rel<T>(items: impl IntoIterator<Item = (i64, T)>) -> HashMap<i64, Vec<T>> {
    let mut out: HashMap<i64, Vec<T>> = HashMap::new();
    for (rel, item) in items {
        out.entry(rel).or_default().push(item);
    }
    out
}

/// The tables the filter left out (partitions aside), as `schema.table`, sorted.
fn excluded_tables(relations: &[RelationRow], filter: &Filter) -> Vec<String> {
    let mut out: Vec<String> = relations
        .iter()
        .filter(|r| !is_view(r) && !r.is_partition && filter.excludes(&r.schema, &r.name))
        .map(|r| format!("{}.{}", r.schema, r.name))
        .collect();
    out.sort();
    out
}

/// The views and materialized views that are not excluded.
fn views(relations: &[RelationRow], filter: &Filter) -> Vec<View> {
    relations
        .iter()
        .filter(|r| is_view(r))
        .map(|r| View {
            schema: r.schema.clone(),
            name: r.name.clone(),
            definition: r.viewdef.clone().unwrap_or_default(),
        })
        .filter(|v| !filter.excludes(&v.schema, &v.name))
        .collect()
}

/// Table oid → attribute number → column name.
type AttNames = HashMap<i64, BTreeMap<i32, String>>;

/// Columns per table, plus attnum → name for keys and indexes.
fn columns_by_table(
    rows: Vec<ColumnRow>,
    types: &TypeResolver,
) -> (HashMap<i64, Vec<Column>>, AttNames) {
    let mut columns: HashMap<i64, Vec<Column>> = HashMap::new();
    let mut attnames: AttNames = HashMap::new();
    for r in rows {
        let (default, generated) = if r.generated == "s" {
            (None, r.default_expr)
        } else {
            (r.default_expr, None)
        };
        attnames
            .entry(r.rel)
            .or_default()
            .insert(r.num, r.name.clone());
        columns.entry(r.rel).or_default().push(Column {
            name: r.name,
            type_name: r.type_name,
            type_info: types.resolve(r.typid as u32, r.typmod),
            nullable: !r.notnull,
            default,
            identity: match r.identity.as_str() {
                "a" => Some(Identity::Always),
                "d" => Some(Identity::ByDefault),
                _ => None,
            },
            sequence: r.seq,
            generated,
            comment: r.comment,
        });
    }
    (columns, attnames)
}

/// The constraints of each table, and every constraint's kind and definition by name (the
/// indexes that back constraints refer to them by name).
#[derive(Default)]
struct TableConstraints {
    checks: HashMap<i64, Vec<Check>>,
    foreign_keys: HashMap<i64, Vec<ForeignKey>>,
    exclusions: HashMap<i64, Vec<Exclusion>>,
    /// (table oid, constraint name) → `contype`.
    kind: HashMap<(i64, String), String>,
    /// (table oid, constraint name) → `pg_get_constraintdef`.
    definition: HashMap<(i64, String), String>,
}

fn constraints_by_table(rows: Vec<ConstraintRow>, tables: &[&RelationRow]) -> TableConstraints {
    let partitions = PartitionParents::new(tables);
    let mut out = TableConstraints::default();
    for r in rows {
        out.kind.insert((r.rel, r.name.clone()), r.kind.clone());
        out.definition
            .insert((r.rel, r.name.clone()), r.def.clone());
        match r.kind.as_str() {
            "c" => out
                .checks
                .entry(r.rel)
                .or_default()
                .push(with_server_columns(
                    parse_check(r.name, r.def, !r.validated),
                    r.cols,
                )),
            "f" => out
                .foreign_keys
                .entry(r.rel)
                .or_default()
                .push(foreign_key(r, &partitions)),
            "x" => out.exclusions.entry(r.rel).or_default().push(Exclusion {
                name: r.name,
                definition: r.def,
            }),
            _ => {}
        }
    }
    out
}

/// What is needed to point a foreign key at a partition to the top-level table instead.
struct PartitionParents {
    /// Names of all tables, partitioned parents included.
    names: HashMap<i64, (String, String)>,
    /// Partition → its parent, to climb from a sub-partition to the top-level table.
    parent_of: HashMap<i64, i64>,
}

impl PartitionParents {
    fn new(tables: &[&RelationRow]) -> PartitionParents {
        PartitionParents {
            names: tables
                .iter()
                .map(|r| (r.oid, (r.schema.clone(), r.name.clone())))
                .collect(),
            parent_of: tables
                .iter()
                .filter(|r| r.is_partition)
                .filter_map(|r| Some((r.oid, r.parent?)))
                .collect(),
        }
    }
}

fn foreign_key(r: ConstraintRow, partitions: &PartitionParents) -> ForeignKey {
    let mut schema = r.ref_schema.unwrap_or_default();
    let mut table = r.ref_table.unwrap_or_default();
    if r.ref_is_partition.unwrap_or(false)
        && let Some(mut parent) = r.ref_parent
    {
        while let Some(&up) = partitions.parent_of.get(&parent) {
            parent = up;
        }
        if let Some((s, t)) = partitions.names.get(&parent) {
            (schema, table) = (s.clone(), t.clone());
        }
    }
    ForeignKey {
        name: r.name,
        columns: r.cols,
        references: TableRef {
            schema,
            table,
            columns: r.ref_cols,
        },
        on_delete: FkAction::from_code(&r.on_delete),
        on_update: FkAction::from_code(&r.on_update),
        deferrable: r.deferrable,
        initially_deferred: r.deferred,
        not_valid: !r.validated,
        match_full: r.match_type == "f",
        definition: r.def,
        on_partitions: false,
    }
}

/// Every index of each table, and the unique ones (not exclusion) as keys.
#[derive(Default)]
struct TableIndexes {
    indexes: HashMap<i64, Vec<Index>>,
    primary: HashMap<i64, UniqueKey>,
    uniques: HashMap<i64, Vec<UniqueKey>>,
}

fn indexes_by_table(
    rows: &[IndexRow],
    attnames: &AttNames,
    constraints: &TableConstraints,
) -> TableIndexes {
    let mut out = TableIndexes::default();
    for r in rows {
        let parts = key_parts(r, attnames.get(&r.rel));
        out.indexes.entry(r.rel).or_default().push(Index {
            name: r.name.clone(),
            definition: r.def.clone(),
            method: r.method.clone(),
            unique: r.is_unique,
            primary: r.is_primary,
            constraint: r.constraint_name.clone(),
            parts: parts.clone(),
            predicate: r.pred.clone(),
        });
        if !r.is_unique || r.is_exclusion {
            continue;
        }
        let key = unique_key(r, parts, constraints);
        if r.is_primary {
            out.primary.insert(r.rel, key);
        } else {
            out.uniques.entry(r.rel).or_default().push(key);
        }
    }
    out
}

/// The key parts of an index: columns by name, expressions parsed.
fn key_parts(r: &IndexRow, names: Option<&BTreeMap<i32, String>>) -> Vec<KeyPart> {
    r.keys
        .iter()
        .zip(&r.key_defs)
        .map(|(&num, def)| match names.and_then(|m| m.get(&num)) {
            Some(col) if num != 0 => KeyPart::Column(col.clone()),
            _ => KeyPart::Expression {
                expression: def.clone(),
                expr: Expr::parse(def),
            },
        })
        .collect()
}

/// The key a unique index enforces, named after its constraint when it backs one.
fn unique_key(r: &IndexRow, parts: Vec<KeyPart>, constraints: &TableConstraints) -> UniqueKey {
    let constraint = r.constraint_name.clone();
    let kind = if r.is_primary {
        UniqueKind::PrimaryKey
    } else if constraint.as_ref().is_some_and(|c| {
        constraints
            .kind
            .get(&(r.rel, c.clone()))
            .is_some_and(|k| k == "u")
    }) {
        UniqueKind::Constraint
    } else {
        UniqueKind::Index
    };
    let definition = constraint
        .as_ref()
        .and_then(|c| constraints.definition.get(&(r.rel, c.clone())).cloned());
    UniqueKey {
        definition,
        name: constraint.unwrap_or_else(|| r.name.clone()),
        kind,
        columns: parts
            .iter()
            .filter_map(|p| p.column().map(str::to_string))
            .collect(),
        parts,
        predicate: r.pred.clone().map(|p| Predicate {
            expr: Expr::parse(&p),
            expression: p,
        }),
        nulls_not_distinct: r.nulls_not_distinct,
    }
}

/// Foreign keys declared on a table's partitions (recursively) rather than on the table itself,
/// as old dumps and hand-made schemas do: every row of the partitioned table must honour them
/// to land in such a partition.
fn partition_keys(
    oid: i64,
    children: &HashMap<i64, Vec<&RelationRow>>,
    fks: &HashMap<i64, Vec<ForeignKey>>,
) -> Vec<ForeignKey> {
    let mut out = Vec::new();
    let mut todo: Vec<i64> = children
        .get(&oid)
        .into_iter()
        .flatten()
        .map(|r| r.oid)
        .collect();
    while let Some(p) = todo.pop() {
        out.extend(fks.get(&p).into_iter().flatten().cloned());
        todo.extend(children.get(&p).into_iter().flatten().map(|r| r.oid));
    }
    out
}

/// The table's own foreign keys, plus one of each distinct key (columns → referenced table
/// and columns) found only on its partitions, marked as such: the loader leaves those in place,
/// since they are not the table's to drop.
fn with_partition_keys(
    mut own: Vec<ForeignKey>,
    on_partitions: Vec<ForeignKey>,
) -> Vec<ForeignKey> {
    for mut fk in on_partitions {
        let same = |f: &ForeignKey| f.columns == fk.columns && f.references == fk.references;
        if own.iter().any(same) {
            continue;
        }
        fk.on_partitions = true;
        own.push(fk);
    }
    own
}

/// Partitions under their parents' oids, in catalog order.
fn partitions_by_parent<'a>(tables: &[&'a RelationRow]) -> HashMap<i64, Vec<&'a RelationRow>> {
    let mut children: HashMap<i64, Vec<&RelationRow>> = HashMap::new();
    for r in tables.iter().filter(|r| r.is_partition) {
        if let Some(p) = r.parent {
            children.entry(p).or_default().push(r);
        }
    }
    children
}

/// The partitioning of a partitioned table, recursively for sub-partitioned partitions.
fn partitioning_of(
    rel: &RelationRow,
    children: &HashMap<i64, Vec<&RelationRow>>,
    attnames: Option<&BTreeMap<i32, String>>,
) -> Option<Partitioning> {
    let (strategy, key) = parse_partkey(rel.partkey.as_deref()?, attnames)?;
    let partitions = children
        .get(&rel.oid)
        .into_iter()
        .flatten()
        .map(|c| {
            let bound_text = c.bound.clone().unwrap_or_default();
            Partition {
                schema: c.schema.clone(),
                name: c.name.clone(),
                bound: parse_bound(&bound_text),
                bound_text,
                partitioning: (c.kind == "p")
                    .then(|| partitioning_of(c, children, attnames).map(Box::new))
                    .flatten(),
            }
        })
        .collect();
    Some(Partitioning {
        strategy,
        key,
        partitions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relation(oid: i64, name: &str) -> RelationRow {
        RelationRow {
            oid,
            schema: "public".into(),
            name: name.into(),
            kind: "r".into(),
            is_partition: false,
            comment: None,
            parent: None,
            bound: None,
            partkey: None,
            viewdef: None,
        }
    }

    fn column(rel: i64, num: i32, name: &str, notnull: bool) -> ColumnRow {
        ColumnRow {
            rel,
            num,
            name: name.into(),
            typid: 23,
            typmod: -1,
            type_name: "integer".into(),
            notnull,
            default_expr: None,
            identity: String::new(),
            generated: String::new(),
            comment: None,
            seq: None,
        }
    }

    fn constraint(rel: i64, name: &str, kind: &str, cols: &[&str], def: &str) -> ConstraintRow {
        ConstraintRow {
            rel,
            name: name.into(),
            kind: kind.into(),
            cols: cols.iter().map(|c| c.to_string()).collect(),
            ref_schema: None,
            ref_table: None,
            ref_cols: Vec::new(),
            ref_parent: None,
            ref_is_partition: None,
            on_update: " ".into(),
            on_delete: " ".into(),
            match_type: " ".into(),
            deferrable: false,
            deferred: false,
            validated: true,
            def: def.into(),
        }
    }

    fn pkey(rel: i64, name: &str, keys: Vec<i32>) -> IndexRow {
        IndexRow {
            rel,
            name: name.into(),
            is_unique: true,
            is_primary: true,
            is_exclusion: false,
            method: "btree".into(),
            def: format!("CREATE UNIQUE INDEX {name} ON public.t USING btree (id)"),
            keys,
            key_defs: vec!["id".into()],
            pred: None,
            constraint_name: Some(name.into()),
            nulls_not_distinct: false,
        }
    }

    fn int4() -> TypeRow {
        TypeRow {
            oid: 23,
            schema: "pg_catalog".into(),
            name: "int4".into(),
            typtype: "b".into(),
            category: "N".into(),
            elem: 0,
            base: 0,
            typmod: -1,
            notnull: false,
            relid: 0,
            range_sub: 0,
        }
    }

    /// `parent(id PRIMARY KEY)` and `child(id PRIMARY KEY, parent_id REFERENCES parent,
    /// CHECK (parent_id > 0))`, plus a view.
    fn rows() -> CatalogRows {
        let mut fk = constraint(
            2,
            "child_parent_id_fkey",
            "f",
            &["parent_id"],
            "FOREIGN KEY (parent_id) REFERENCES parent(id) ON DELETE CASCADE",
        );
        fk.ref_schema = Some("public".into());
        fk.ref_table = Some("parent".into());
        fk.ref_cols = vec!["id".into()];
        fk.on_delete = "c".into();
        fk.on_update = "a".into();
        fk.match_type = "s".into();
        let mut view = relation(3, "live_children");
        view.kind = "v".into();
        view.viewdef = Some(" SELECT id FROM child;".into());
        CatalogRows {
            server_version: "15.0".into(),
            relations: vec![relation(1, "parent"), relation(2, "child"), view],
            tables: TableRows {
                columns: vec![
                    column(1, 1, "id", true),
                    column(2, 1, "id", true),
                    column(2, 2, "parent_id", false),
                ],
                types: TypeClosure {
                    types: vec![int4()],
                    ..TypeClosure::default()
                },
                constraints: vec![
                    constraint(1, "parent_pkey", "p", &["id"], "PRIMARY KEY (id)"),
                    constraint(
                        2,
                        "child_parent_id_check",
                        "c",
                        &["parent_id"],
                        "CHECK ((parent_id > 0))",
                    ),
                    fk,
                    constraint(2, "child_pkey", "p", &["id"], "PRIMARY KEY (id)"),
                ],
                indexes: vec![
                    pkey(1, "parent_pkey", vec![1]),
                    pkey(2, "child_pkey", vec![1]),
                ],
                incoming_keys: vec![IncomingKeyRow {
                    rel: 1,
                    from_table: "public.child".into(),
                    name: "child_parent_id_fkey".into(),
                    cols: vec!["id".into()],
                }],
                triggers: Vec::new(),
            },
            missing_calls: Vec::new(),
        }
    }

    #[test]
    fn a_table_with_primary_key_foreign_key_and_check() {
        let cat = assemble(rows(), &Filter::default());
        assert_eq!(cat.server_version, "15.0");
        assert_eq!(cat.schemas, vec!["public"]);
        let names: Vec<&str> = cat.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, vec!["parent", "child"]);

        let child = cat.table("public", "child").unwrap();
        let cols: Vec<(&str, bool)> = child
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.nullable))
            .collect();
        assert_eq!(cols, vec![("id", false), ("parent_id", true)]);
        assert!(matches!(
            child.columns[0].type_info,
            SqlType::Base { ref name, oid: 23, .. } if name == "int4"
        ));

        let pk = child.primary_key.as_ref().unwrap();
        assert_eq!(pk.name, "child_pkey");
        assert_eq!(pk.kind, UniqueKind::PrimaryKey);
        assert_eq!(pk.columns, vec!["id"]);
        assert_eq!(pk.definition.as_deref(), Some("PRIMARY KEY (id)"));
        assert!(child.unique_keys.is_empty());
        assert_eq!(child.indexes.len(), 1);

        let [fk] = child.foreign_keys.as_slice() else {
            panic!("one foreign key: {:?}", child.foreign_keys)
        };
        assert_eq!(fk.columns, vec!["parent_id"]);
        assert_eq!(
            (fk.references.schema.as_str(), fk.references.table.as_str()),
            ("public", "parent")
        );
        assert_eq!(fk.references.columns, vec!["id"]);
        assert_eq!(fk.on_delete, FkAction::Cascade);
        assert!(!fk.match_full && !fk.not_valid);

        let [check] = child.checks.as_slice() else {
            panic!("one check: {:?}", child.checks)
        };
        assert_eq!(check.name, "child_parent_id_check");
        assert_eq!(check.expression, "(parent_id > 0)");
        assert_eq!(check.columns, vec!["parent_id"]);

        let parent = cat.table("public", "parent").unwrap();
        assert_eq!(parent.referenced_by.len(), 1);
        assert_eq!(parent.referenced_by[0].table, "public.child");
        assert!(parent.foreign_keys.is_empty() && parent.checks.is_empty());

        assert_eq!(cat.views.len(), 1);
        assert_eq!(cat.views[0].name, "live_children");
    }

    #[test]
    fn excluded_tables_and_views_are_left_out() {
        let filter = Filter {
            schemas: Vec::new(),
            exclude_tables: vec!["child".into(), "live_*".into()],
        };
        let cat = assemble(rows(), &filter);
        let names: Vec<&str> = cat.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, vec!["parent"]);
        assert!(cat.views.is_empty());
        // Keys pointing in from excluded tables are still recorded.
        assert_eq!(cat.tables[0].referenced_by.len(), 1);
    }

    #[test]
    fn a_foreign_key_to_a_partition_points_at_the_top_level_table() {
        let mut rows = rows();
        let mut events = relation(10, "events");
        events.kind = "p".into();
        events.partkey = Some("RANGE (id)".into());
        let mut y2024 = relation(11, "events_2024");
        y2024.kind = "p".into();
        y2024.is_partition = true;
        y2024.parent = Some(10);
        y2024.partkey = Some("LIST (id)".into());
        y2024.bound = Some("FOR VALUES FROM (0) TO (10)".into());
        let mut leaf = relation(12, "events_2024_a");
        leaf.is_partition = true;
        leaf.parent = Some(11);
        leaf.bound = Some("FOR VALUES IN (1, 2)".into());
        rows.relations.extend([events, y2024, leaf]);
        rows.tables.columns.push(column(10, 1, "id", true));
        let mut fk = constraint(2, "child_event_fkey", "f", &["id"], "FOREIGN KEY (id) …");
        fk.ref_schema = Some("public".into());
        fk.ref_table = Some("events_2024_a".into());
        fk.ref_is_partition = Some(true);
        fk.ref_parent = Some(11);
        rows.tables.constraints.push(fk);

        let cat = assemble(rows, &Filter::default());
        let names: Vec<&str> = cat.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, vec!["parent", "child", "events"]);
        let child = cat.table("public", "child").unwrap();
        assert_eq!(child.foreign_keys[1].references.table, "events");
        let p = cat.table("public", "events").unwrap().partitioning.as_ref();
        let p = p.expect("events is partitioned");
        assert_eq!(p.key, vec![KeyPart::Column("id".into())]);
        let sub = p.partitions[0]
            .partitioning
            .as_ref()
            .expect("sub-partitioned");
        assert_eq!(sub.partitions[0].name, "events_2024_a");
        assert_eq!(
            sub.partitions[0].bound,
            PartitionBound::List {
                values: vec![Some("1".into()), Some("2".into())]
            }
        );
    }
}
