//! The schema model: plain serde data describing a database as PostgreSQL enforces it.
//!
//! Nothing here knows about connections; [`crate::catalog`] fills it from `pg_catalog`, and every
//! later stage reads it. The JSON form (`seedbed inspect --format json`) is this model plus the
//! load order, and is documented in `docs/model.md`: field names are part of our interface.

// Not part of the documented API (the crate is embedded through lib.rs); the model's JSON
// form is documented in docs/model.md instead.
#![allow(missing_docs)]

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::values::expr::Expr;

/// Everything seedbed knows about a database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// `server_version` as reported by the server (e.g. "15.19").
    pub server_version: String,
    /// Schemas that hold at least one introspected table, sorted.
    pub schemas: Vec<String>,
    /// Ordinary and partitioned tables (partitions are listed under their parent), sorted by
    /// schema then name.
    pub tables: Vec<Table>,
    /// Views: not filled, recorded so the data-design document can describe soft-delete views.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<View>,
    /// Tables of the introspected schemas that the table filter (`--exclude-table`) left out,
    /// as `schema.table`: named so that a profile mentioning one is told why it is not there.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<String>,
    /// Tables the profile marks `prefilled`, by `schema.table`: left as they are, with the key
    /// columns other tables reference read from their rows (the one time seedbed reads values
    /// of a user table), so foreign keys can point at them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub existing: BTreeMap<String, ExistingKeys>,
}

/// The referenced key columns of a pre-filled table, and their values in every row (text forms,
/// `None` for NULL), in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExistingKeys {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
}

impl Catalog {
    pub fn table(&self, schema: &str, name: &str) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.schema == schema && t.name == name)
    }

    pub fn table_index(&self, schema: &str, name: &str) -> Option<usize> {
        self.tables
            .iter()
            .position(|t| t.schema == schema && t.name == name)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub schema: String,
    pub name: String,
    pub definition: String,
}

/// A table that rows are loaded into: an ordinary table or a partitioned parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub schema: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub columns: Vec<Column>,
    pub primary_key: Option<UniqueKey>,
    /// Unique constraints and unique indexes other than the primary key.
    pub unique_keys: Vec<UniqueKey>,
    pub checks: Vec<Check>,
    pub foreign_keys: Vec<ForeignKey>,
    /// Exclusion constraints: recorded, not yet honoured by the generator.
    pub exclusions: Vec<Exclusion>,
    /// Every index on the table, including those backing constraints.
    pub indexes: Vec<Index>,
    /// User (non-internal) triggers.
    pub triggers: Vec<Trigger>,
    /// Set on a partitioned parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partitioning: Option<Partitioning>,
    /// Foreign keys of any table (introspected or not) that reference this one: a key they
    /// depend on cannot be dropped and rebuilt around a load.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub referenced_by: Vec<IncomingKey>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncomingKey {
    /// `schema.table` of the referencing table.
    pub table: String,
    pub name: String,
    /// The columns of this table it references.
    pub columns: Vec<String>,
}

impl Table {
    /// A table with no columns, keys or constraints (a starting point for building one).
    pub fn empty(schema: &str, name: &str) -> Table {
        Table {
            schema: schema.to_string(),
            name: name.to_string(),
            comment: None,
            columns: Vec::new(),
            primary_key: None,
            unique_keys: Vec::new(),
            checks: Vec::new(),
            foreign_keys: Vec::new(),
            exclusions: Vec::new(),
            indexes: Vec::new(),
            triggers: Vec::new(),
            partitioning: None,
            referenced_by: Vec::new(),
        }
    }

    /// `schema.name`, the key used in load orders, profiles and reports.
    pub fn key(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }

    /// The table name quoted for SQL: `"schema"."name"`.
    pub fn sql_name(&self) -> String {
        format!("{}.{}", quote_ident(&self.schema), quote_ident(&self.name))
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// Unique keys including the primary key, primary key first.
    pub fn all_unique_keys(&self) -> impl Iterator<Item = &UniqueKey> {
        self.primary_key.iter().chain(self.unique_keys.iter())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    /// The type as PostgreSQL prints it (`format_type`), e.g. `character varying(255)`.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The type's structure.
    pub type_info: SqlType,
    pub nullable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// Set for `serial` columns and identities: the sequence to advance after loading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
    /// Expression of a stored generated column: such a column is never written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Column {
    pub fn is_generated(&self) -> bool {
        self.generated.is_some()
    }

    /// NOT NULL on the column or on its domain.
    pub fn effectively_not_null(&self) -> bool {
        !self.nullable || self.type_info.domain_not_null()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    Always,
    ByDefault,
}

/// A PostgreSQL type, resolved down to built-in base types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SqlType {
    /// A built-in scalar type, named by `pg_type.typname` (`int4`, `varchar`, `timestamptz`…).
    Base {
        name: String,
        /// Not serialised: oids differ between databases, and the JSON must not.
        #[serde(default, skip_serializing)]
        oid: u32,
        /// varchar/char length, or bit length.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        length: Option<u32>,
        /// numeric precision, or fractional-seconds precision for time types.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale: Option<u32>,
    },
    Array {
        /// Not serialised: oids differ between databases, and the JSON must not.
        #[serde(default, skip_serializing)]
        oid: u32,
        element: Box<SqlType>,
    },
    Enum {
        schema: String,
        name: String,
        /// Not serialised: oids differ between databases, and the JSON must not.
        #[serde(default, skip_serializing)]
        oid: u32,
        /// Labels in their declared sort order.
        labels: Vec<String>,
    },
    Domain {
        schema: String,
        name: String,
        /// Not serialised: oids differ between databases, and the JSON must not.
        #[serde(default, skip_serializing)]
        oid: u32,
        base: Box<SqlType>,
        not_null: bool,
        checks: Vec<Check>,
    },
    Composite {
        schema: String,
        name: String,
        /// Not serialised: oids differ between databases, and the JSON must not.
        #[serde(default, skip_serializing)]
        oid: u32,
        fields: Vec<CompositeField>,
    },
    Range {
        schema: String,
        name: String,
        /// Not serialised: oids differ between databases, and the JSON must not.
        #[serde(default, skip_serializing)]
        oid: u32,
        subtype: Box<SqlType>,
    },
    /// Anything else (extension types, pseudo types): reported by `plan`.
    Other {
        schema: String,
        name: String,
        /// Not serialised: oids differ between databases, and the JSON must not.
        #[serde(default, skip_serializing)]
        oid: u32,
    },
}

impl SqlType {
    pub fn oid(&self) -> u32 {
        match self {
            SqlType::Base { oid, .. }
            | SqlType::Array { oid, .. }
            | SqlType::Enum { oid, .. }
            | SqlType::Domain { oid, .. }
            | SqlType::Composite { oid, .. }
            | SqlType::Range { oid, .. }
            | SqlType::Other { oid, .. } => *oid,
        }
    }

    /// The type with domains peeled off.
    pub fn underlying(&self) -> &SqlType {
        match self {
            SqlType::Domain { base, .. } => base.underlying(),
            other => other,
        }
    }

    pub fn domain_not_null(&self) -> bool {
        match self {
            SqlType::Domain { not_null, base, .. } => *not_null || base.domain_not_null(),
            _ => false,
        }
    }

    /// CHECKs of this domain and of the domains it is built on.
    pub fn domain_checks(&self) -> Vec<&Check> {
        let mut out = Vec::new();
        let mut t = self;
        while let SqlType::Domain { checks, base, .. } = t {
            out.extend(checks.iter());
            t = base;
        }
        out
    }

    /// `Some(name)` for a built-in base type (after peeling domains).
    pub fn base_name(&self) -> Option<&str> {
        match self.underlying() {
            SqlType::Base { name, .. } => Some(name),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompositeField {
    pub name: String,
    #[serde(rename = "type")]
    pub type_name: String,
    pub type_info: SqlType,
}

/// One element of a key or index: a column, or an expression such as `lower(email)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum KeyPart {
    Column(String),
    Expression { expression: String, expr: Expr },
}

impl KeyPart {
    pub fn column(&self) -> Option<&str> {
        match self {
            KeyPart::Column(c) => Some(c),
            KeyPart::Expression { .. } => None,
        }
    }

    /// Columns the part reads.
    pub fn columns(&self) -> Vec<String> {
        match self {
            KeyPart::Column(c) => vec![c.clone()],
            KeyPart::Expression { expr, .. } => expr.columns(),
        }
    }

    pub fn display(&self) -> String {
        match self {
            KeyPart::Column(c) => c.clone(),
            KeyPart::Expression { expression, .. } => expression.clone(),
        }
    }
}

/// A primary key, unique constraint or unique index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UniqueKey {
    pub name: String,
    pub kind: UniqueKind,
    /// Plain column names of the key, in order (expression parts excluded).
    pub columns: Vec<String>,
    /// Every part of the key, in order, columns and expressions.
    pub parts: Vec<KeyPart>,
    /// Partial unique index: only rows matching the predicate must be unique.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<Predicate>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nulls_not_distinct: bool,
    /// `pg_get_constraintdef` of a PRIMARY KEY / UNIQUE constraint; `None` for a unique index
    /// (whose `CREATE UNIQUE INDEX` is in [`Table::indexes`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
}

impl UniqueKey {
    /// Every column the key reads, in its parts and its predicate.
    pub fn all_columns(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in &self.parts {
            for c in p.columns() {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UniqueKind {
    PrimaryKey,
    Constraint,
    Index,
}

/// A SQL boolean expression kept as text and as a parsed tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Predicate {
    pub expression: String,
    pub expr: Expr,
}

/// A CHECK constraint of a table or a domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    /// As `pg_get_constraintdef` prints it: `CHECK ((usage_count >= 0))`.
    pub definition: String,
    /// The boolean expression alone.
    pub expression: String,
    /// The parsed expression. In a domain CHECK the value is the column `VALUE`.
    pub expr: Expr,
    /// Columns the expression reads.
    pub columns: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_valid: bool,
    /// The schema's own functions whose bodies `expr` holds in place of their calls (the
    /// definition still shows the calls).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inlined: Vec<String>,
}

/// A function of the schema that a CHECK calls, as `pg_proc` describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Function {
    pub schema: String,
    pub name: String,
    /// Parameter names (empty strings for unnamed ones), in order.
    pub arg_names: Vec<String>,
    pub arg_types: Vec<String>,
    pub returns: String,
    /// `sql`, `plpgsql`, …
    pub language: String,
    /// `prosrc`.
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    pub references: TableRef,
    pub on_delete: FkAction,
    pub on_update: FkAction,
    pub deferrable: bool,
    pub initially_deferred: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_valid: bool,
    /// `MATCH FULL`: all columns NULL or none.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub match_full: bool,
    /// As `pg_get_constraintdef` prints it, to recreate it exactly.
    pub definition: String,
    /// Declared on the table's partitions, not on the table: honoured by every row, but not
    /// the table's to drop or recreate (its `name` is one partition's constraint).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub on_partitions: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRef {
    pub schema: String,
    pub table: String,
    pub columns: Vec<String>,
}

impl TableRef {
    pub fn key(&self) -> String {
        format!("{}.{}", self.schema, self.table)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    pub fn from_code(c: &str) -> FkAction {
        match c {
            "r" => FkAction::Restrict,
            "c" => FkAction::Cascade,
            "n" => FkAction::SetNull,
            "d" => FkAction::SetDefault,
            _ => FkAction::NoAction,
        }
    }

    pub fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exclusion {
    pub name: String,
    pub definition: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    /// `CREATE [UNIQUE] INDEX …` exactly as `pg_get_indexdef` prints it.
    pub definition: String,
    /// Access method: btree, gin, gist, hash, brin…
    pub method: String,
    pub unique: bool,
    pub primary: bool,
    /// The constraint this index backs, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<String>,
    pub parts: Vec<KeyPart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    pub name: String,
    pub definition: String,
    pub function: String,
    /// What the trigger does to a load, read from its function's body.
    #[serde(default, skip_serializing_if = "TriggerEffect::is_empty")]
    pub effect: TriggerEffect,
}

/// What a trigger does to the rows seedbed loads. Only enabled row-level INSERT triggers are
/// read; BEFORE triggers also fire during `COPY`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TriggerEffect {
    /// BEFORE INSERT: the changes its body makes to the row, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rewrites: Vec<Rewrite>,
    /// BEFORE INSERT: the conditions under which its body raises (read from `IF … THEN RAISE`),
    /// kept false on every generated row like a CHECK.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejections: Vec<Rejection>,
    /// BEFORE INSERT: why a body that may change the row could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<String>,
    /// BEFORE INSERT: its body raises an exception on conditions seedbed does not read, so it
    /// may reject rows seedbed generates.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub may_reject: bool,
    /// An AFTER INSERT trigger: it may write other tables while the rows go in (through
    /// functions it calls, too), so their unique keys stay in place during a load.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_insert: bool,
    /// For an AFTER INSERT trigger: the tables it deletes from (its body or a function it
    /// calls), resolved. It may count on foreign keys to stop it (musicbrainz's
    /// `delete_unused_tag` deletes a tag unless a foreign key refuses), so the foreign keys
    /// referencing them stay in place during a load.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deletes_from: Vec<String>,
    /// AFTER INSERT: the tables its body inserts rows into.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inserts_into: Vec<InsertTarget>,
    /// `NEW.column` cast to a type in its body (`NEW."limitStrategy"::varchar::strategy`), as
    /// `(column, type as written)`: an enum cast fails for a label the target lacks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub casts: Vec<(String, String)>,
    /// Functions its body calls that the database does not have: `schema.function` with what
    /// is missing (`schema "x" does not exist`, `function x.f does not exist`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

impl TriggerEffect {
    pub fn is_empty(&self) -> bool {
        self == &TriggerEffect::default()
    }
}

/// A condition under which a BEFORE INSERT trigger raises, and the parent rows it reads
/// (read from the trigger's body in `values::plpgsql`).
pub use crate::values::plpgsql::lookup::Lookup;
pub use crate::values::plpgsql::trigger::Rejection;

/// A table a trigger body inserts into, and the columns its `INSERT` names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsertTarget {
    /// `schema.table`, resolved.
    pub table: String,
    /// The column list of the `INSERT`; `None` when it names none (every column, in order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<String>>,
    /// Its values read the row that fired the trigger (`NEW.…`).
    #[serde(default)]
    pub from_new: bool,
}

/// `column := value` when `when` (if any) is true, made by a BEFORE INSERT trigger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rewrite {
    pub column: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Expr>,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partitioning {
    pub strategy: PartitionStrategy,
    pub key: Vec<KeyPart>,
    pub partitions: Vec<Partition>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartitionStrategy {
    Range,
    List,
    Hash,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partition {
    pub schema: String,
    pub name: String,
    /// As PostgreSQL prints it: `FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`.
    pub bound_text: String,
    pub bound: PartitionBound,
    /// A partition that is itself partitioned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partitioning: Option<Box<Partitioning>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PartitionBound {
    Range {
        from: Vec<BoundValue>,
        to: Vec<BoundValue>,
    },
    List {
        /// Literal values as SQL text (without quotes); `None` is NULL.
        values: Vec<Option<String>>,
    },
    Hash {
        modulus: u32,
        remainder: u32,
    },
    Default,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoundValue {
    MinValue,
    MaxValue,
    Value(String),
}

/// Quote an identifier the way PostgreSQL's `quote_ident` does: only when needed.
pub fn quote_ident(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !is_reserved(s);
    if plain {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('"', "\"\""))
    }
}

/// Quote a string literal for SQL.
pub fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Keywords that must be quoted as identifiers (PostgreSQL's reserved and type-function names),
/// sorted for `binary_search`. A flat table, kept compact by hand.
#[rustfmt::skip]
const RESERVED: &[&str] = &[
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
    "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character",
    "check", "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create",
    "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
    "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc",
    "distinct", "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float",
    "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having",
    "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into",
    "is", "isnull", "join", "lateral", "leading", "least", "left", "like", "limit", "localtime",
    "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null",
    "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps",
    "overlay", "placing", "position", "precision", "primary", "real", "references", "returning",
    "right", "row", "select", "session_user", "setof", "similar", "smallint", "some", "substring",
    "symmetric", "system_user", "table", "tablesample", "then", "time", "timestamp", "to",
    "trailing", "treat", "trim", "true", "union", "unique", "user", "using", "values", "varchar",
    "variadic", "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat",
    "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
    "xmlserialize", "xmltable",
];

fn is_reserved(s: &str) -> bool {
    RESERVED.binary_search(&s).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_matches_postgres_rules() {
        assert_eq!(quote_ident("users"), "users");
        assert_eq!(quote_ident("Users"), "\"Users\"");
        assert_eq!(quote_ident("select"), "\"select\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(quote_ident("Straße"), "\"Straße\"");
        assert_eq!(quote_ident("has space"), "\"has space\"");
        assert_eq!(quote_ident("_x1"), "_x1");
        assert_eq!(quote_ident("1x"), "\"1x\"");
        assert_eq!(quote_literal("it's"), "'it''s'");
    }

    #[test]
    fn reserved_words_are_sorted_for_binary_search() {
        assert!(RESERVED.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(RESERVED.len(), 152);
        assert!(is_reserved("select") && is_reserved("xmltable") && is_reserved("all"));
        assert!(!is_reserved("users"));
    }
}
