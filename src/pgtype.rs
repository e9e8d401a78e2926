//! The type registry: what seedbed knows about each PostgreSQL type, in one place.
//!
//! Given a column's resolved type, the registry answers how its values are encoded (binary COPY
//! and text) — [`Codec`] — and, through [`crate::plan::columns::classify`], how they are
//! generated. Both read this module's tables, so a type cannot be encodable but unplannable.

use crate::model::SqlType;

/// How one column's values are encoded, derived once from its type.
#[derive(Debug, Clone, PartialEq)]
pub enum Codec {
    Bool,
    Int2,
    Int4,
    Int8,
    Float4,
    Float8,
    Numeric,
    Money,
    Text,
    Bytea,
    Uuid,
    Date,
    Time,
    TimeTz,
    Timestamp,
    TimestampTz,
    Interval,
    Json,
    Jsonb,
    Inet,
    MacAddr,
    Array {
        elem_oid: u32,
        elem: Box<Codec>,
    },
    Range {
        elem: Box<Codec>,
    },
    Composite {
        fields: Vec<(u32, Codec)>,
    },
    /// A type we cannot encode (extension types); only NULL can be written.
    Unsupported(String),
}

impl Codec {
    pub fn for_type(t: &SqlType) -> Codec {
        match t.underlying() {
            SqlType::Base { name, .. } => match name.as_str() {
                "bool" => Codec::Bool,
                "int2" => Codec::Int2,
                "int4" | "oid" => Codec::Int4,
                "int8" => Codec::Int8,
                "float4" => Codec::Float4,
                "float8" => Codec::Float8,
                "numeric" => Codec::Numeric,
                "money" => Codec::Money,
                "text" | "varchar" | "bpchar" | "name" | "citext" | "xml" => Codec::Text,
                "bytea" => Codec::Bytea,
                "uuid" => Codec::Uuid,
                "date" => Codec::Date,
                "time" => Codec::Time,
                "timetz" => Codec::TimeTz,
                "timestamp" => Codec::Timestamp,
                "timestamptz" => Codec::TimestampTz,
                "interval" => Codec::Interval,
                "json" => Codec::Json,
                "jsonb" => Codec::Jsonb,
                "inet" | "cidr" => Codec::Inet,
                "macaddr" => Codec::MacAddr,
                other => Codec::Unsupported(other.to_string()),
            },
            SqlType::Enum { .. } => Codec::Text,
            SqlType::Array { element, .. } => Codec::Array {
                elem_oid: element.underlying().oid(),
                elem: Box::new(Codec::for_type(element)),
            },
            SqlType::Range { subtype, .. } => Codec::Range {
                elem: Box::new(Codec::for_type(subtype)),
            },
            SqlType::Composite { fields, .. } => Codec::Composite {
                fields: fields
                    .iter()
                    .map(|f| (f.type_info.oid(), Codec::for_type(&f.type_info)))
                    .collect(),
            },
            SqlType::Domain { .. } => unreachable!("underlying() peels domains"),
            SqlType::Other { name, .. } => Codec::Unsupported(name.clone()),
        }
    }

    /// Whether text output must carry a UTC offset (timestamptz, and ranges/arrays of it).
    pub fn has_tz(&self) -> bool {
        match self {
            Codec::TimestampTz => true,
            Codec::Array { elem, .. } | Codec::Range { elem } => elem.has_tz(),
            _ => false,
        }
    }
}
