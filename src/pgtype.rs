//! The type registry: what seedbed knows about each PostgreSQL type, in one place.
//!
//! [`resolve`] peels a column type's domains and looks its base type up in one table,
//! `BASE_TYPES`; from the result come both how its values are encoded (binary COPY and text),
//! [`Codec`], and how they are generated, [`TypeClass`]. Both read the same row, so the two
//! answers cannot drift apart: a type the planner generates always has a codec.

use crate::model::{CompositeField, SqlType};
use crate::values::literal::{Geo, Isn, LiteralKind, MultiOf};

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
    /// A type written through its own text input function (CSV COPY): seedbed generates its
    /// text form but has no binary encoder for it (tsvector).
    TextInput(String),
    /// A type we cannot encode (extension types); only NULL can be written.
    Unsupported(String),
}

impl Codec {
    pub fn for_type(t: &SqlType) -> Codec {
        resolve(t).codec()
    }

    /// The separator between array elements in text form: `box`'s own text holds commas, so
    /// its arrays use `;` (`pg_type.typdelim`).
    pub fn array_delimiter(&self) -> char {
        match self {
            Codec::Array { elem, .. } if matches!(&**elem, Codec::TextInput(n) if n == "box") => {
                ';'
            }
            _ => ',',
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

/// What a column's type allows, in the terms generators need.
#[derive(Debug, Clone)]
pub enum TypeClass {
    Int {
        min: i64,
        max: i64,
    },
    Numeric {
        int_digits: Option<u32>,
        scale: u8,
    },
    Float,
    Money,
    Text {
        max_len: Option<usize>,
        fixed: bool,
    },
    Bool,
    Uuid,
    Date,
    Timestamp,
    Time,
    TimeTz,
    Interval,
    Json,
    Bytes,
    /// inet and cidr (a host address is a valid cidr).
    Inet,
    Mac,
    Enum(Vec<String>),
    Array(Box<SqlType>),
    Range(Box<SqlType>),
    Composite(Vec<CompositeField>),
    /// Words a text-search type reads as lexemes (tsvector): lower-case letters and spaces only,
    /// since its input syntax gives `'`, `:` and `\\` meanings.
    Lexemes,
    /// A built-in type generated as its text form and read by its input function.
    Literal(LiteralKind),
    Unsupported(String),
}

/// How the planner generates a column's values.
pub fn classify(t: &SqlType) -> TypeClass {
    resolve(t).class()
}

/// How a base type's values are generated, before its modifiers (length, precision, scale)
/// are applied.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Family {
    Int {
        min: i64,
        max: i64,
    },
    Numeric,
    Float,
    Money,
    /// Text of any length.
    Text,
    /// `varchar(n)`: at most n characters (any length without n).
    VarChar,
    /// `char(n)`: exactly n characters (one without n).
    BpChar,
    Bool,
    Uuid,
    Date,
    Timestamp,
    Time,
    TimeTz,
    Interval,
    Json,
    Bytes,
    Inet,
    Cidr,
    /// Written through the type's text input (CSV COPY): text-search documents.
    Lexemes,
    Mac,
    /// Generated as the type's text form ([`LiteralKind`]).
    Literal(LiteralKind),
}

/// Facts about one built-in base type, named by `pg_type.typname`.
#[derive(Debug)]
pub struct BaseType {
    pub name: &'static str,
    codec: Codec,
    family: Family,
}

const fn base(name: &'static str, codec: Codec, family: Family) -> BaseType {
    BaseType {
        name,
        codec,
        family,
    }
}

/// Every built-in base type seedbed knows (a flat lookup table, one row per type). A base type
/// not listed here is neither encoded nor generated.
const BASE_TYPES: &[BaseType] = &[
    base("bool", Codec::Bool, Family::Bool),
    base(
        "int2",
        Codec::Int2,
        Family::Int {
            min: i16::MIN as i64,
            max: i16::MAX as i64,
        },
    ),
    base(
        "int4",
        Codec::Int4,
        Family::Int {
            min: i32::MIN as i64,
            max: i32::MAX as i64,
        },
    ),
    base(
        "int8",
        Codec::Int8,
        Family::Int {
            min: i64::MIN,
            max: i64::MAX,
        },
    ),
    // An unsigned 32-bit identifier (large objects, catalog references): nothing makes it name
    // an existing object, so any value above the reserved range does; binary like an int4.
    base(
        "oid",
        Codec::Int4,
        Family::Int {
            min: 16_384,
            max: i32::MAX as i64,
        },
    ),
    base("float4", Codec::Float4, Family::Float),
    base("float8", Codec::Float8, Family::Float),
    base("numeric", Codec::Numeric, Family::Numeric),
    base("money", Codec::Money, Family::Money),
    base("text", Codec::Text, Family::Text),
    base("name", Codec::Text, Family::Text),
    base("varchar", Codec::Text, Family::VarChar),
    base("bpchar", Codec::Text, Family::BpChar),
    // xml's binary input reads text: a small well-formed document.
    base("xml", Codec::Text, Family::Literal(LiteralKind::Xml)),
    base("bytea", Codec::Bytea, Family::Bytes),
    base("uuid", Codec::Uuid, Family::Uuid),
    base("date", Codec::Date, Family::Date),
    base("time", Codec::Time, Family::Time),
    base("timetz", Codec::TimeTz, Family::TimeTz),
    base("timestamp", Codec::Timestamp, Family::Timestamp),
    base("timestamptz", Codec::TimestampTz, Family::Timestamp),
    base("interval", Codec::Interval, Family::Interval),
    base("json", Codec::Json, Family::Json),
    base("jsonb", Codec::Jsonb, Family::Json),
    base("inet", Codec::Inet, Family::Inet),
    base("cidr", Codec::Inet, Family::Cidr),
    base("macaddr", Codec::MacAddr, Family::Mac),
    // Its binary format is its own: written as text through tsvector's input function.
    base("tsvector", Codec::TextInput(String::new()), Family::Lexemes),
    // A cursor name is text, sent as text.
    base("refcursor", Codec::Text, Family::Text),
    // Written through their text input functions (CSV COPY): their text forms are generated.
    base(
        "bit",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Bit {
            len: 1,
            varying: false,
        }),
    ),
    base(
        "varbit",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Bit {
            len: 32,
            varying: true,
        }),
    ),
    base(
        "point",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Point),
    ),
    base(
        "line",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Line),
    ),
    base(
        "lseg",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Lseg),
    ),
    base(
        "box",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Box),
    ),
    base(
        "path",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Path),
    ),
    base(
        "polygon",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Polygon),
    ),
    base(
        "circle",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Circle),
    ),
    base(
        "tsquery",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::TsQuery),
    ),
    base(
        "pg_lsn",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::PgLsn),
    ),
    base(
        "macaddr8",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::MacAddr8),
    ),
    base(
        "txid_snapshot",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Snapshot),
    ),
    base(
        "pg_snapshot",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Snapshot),
    ),
    base(
        "int2vector",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Int2Vector),
    ),
    base(
        "oidvector",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::OidVector),
    ),
    base(
        "xid",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Xid32),
    ),
    base(
        "cid",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Xid32),
    ),
    base(
        "xid8",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Xid8),
    ),
    base(
        "tid",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Tid),
    ),
    base(
        "char",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::Char),
    ),
    base(
        "jsonpath",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::JsonPath),
    ),
    base(
        "aclitem",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::AclItem),
    ),
    base(
        "regclass",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::RegClass),
    ),
    base(
        "regtype",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::RegType),
    ),
    base(
        "regproc",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::RegProc),
    ),
    base(
        "regprocedure",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::RegProcedure),
    ),
    base(
        "regoper",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::RegOper),
    ),
    base(
        "regoperator",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::RegOperator),
    ),
    base(
        "regnamespace",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::RegNamespace),
    ),
    base(
        "regconfig",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::RegConfig),
    ),
    base(
        "regdictionary",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::RegDictionary),
    ),
    base(
        "regcollation",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::RegCollation),
    ),
    base(
        "regrole",
        Codec::TextInput(String::new()),
        Family::Literal(LiteralKind::RegRole),
    ),
    // Multiranges (typtype 'm', listed here by name like the base types): their text input.
    ext("int4multirange", LiteralKind::Multirange(MultiOf::Int)),
    ext("int8multirange", LiteralKind::Multirange(MultiOf::Int)),
    ext("nummultirange", LiteralKind::Multirange(MultiOf::Numeric)),
    ext("datemultirange", LiteralKind::Multirange(MultiOf::Date)),
    ext("tsmultirange", LiteralKind::Multirange(MultiOf::Timestamp)),
    ext(
        "tstzmultirange",
        LiteralKind::Multirange(MultiOf::TimestampTz),
    ),
];

fn base_type(name: &str) -> Option<&'static BaseType> {
    BASE_TYPES.iter().find(|b| b.name == name)
}

/// A column type resolved against the registry: domains peeled (so there is no domain case
/// left to handle) and base types looked up.
#[derive(Debug, Clone, Copy)]
pub enum PgType<'a> {
    /// A base type in `BASE_TYPES`, with its modifiers.
    Base {
        info: &'static BaseType,
        length: Option<u32>,
        precision: Option<u32>,
        scale: Option<u32>,
    },
    Enum {
        labels: &'a [String],
    },
    Array {
        element: &'a SqlType,
    },
    Range {
        subtype: &'a SqlType,
    },
    Composite {
        fields: &'a [CompositeField],
    },
    /// A base type the registry does not list, or an extension or pseudo type.
    Unknown {
        name: &'a str,
    },
}

/// Extension types the registry knows by name, wherever the extension was installed.
fn extension_type(name: &str) -> Option<&'static BaseType> {
    EXTENSION_TYPES.iter().find(|b| b.name == name)
}

/// Types of PostgreSQL's contrib extensions, known by name wherever they are installed. All but
/// citext are written through their text input.
const EXTENSION_TYPES: &[BaseType] = &[
    base("citext", Codec::Text, Family::Text),
    ext("hstore", LiteralKind::Hstore),
    ext("ltree", LiteralKind::Ltree),
    ext("cube", LiteralKind::Cube),
    ext("seg", LiteralKind::Seg),
    ext("ean13", LiteralKind::Isn(Isn::Ean13)),
    ext("isbn", LiteralKind::Isn(Isn::Isbn)),
    ext("isbn13", LiteralKind::Isn(Isn::Isbn)),
    ext("ismn", LiteralKind::Isn(Isn::Ismn)),
    ext("ismn13", LiteralKind::Isn(Isn::Ismn)),
    ext("issn", LiteralKind::Isn(Isn::Issn)),
    ext("issn13", LiteralKind::Isn(Isn::Issn)),
    ext("upc", LiteralKind::Isn(Isn::Upc)),
    // PostGIS: the shape and SRID come from the column's typmod (see `Geo::from_type_name`).
    ext("geometry", LiteralKind::Geometry(Geo::PLAIN)),
    ext("geography", LiteralKind::Geometry(Geo::PLAIN)),
    // pgvector: the dimension comes from the column's typmod (see `vector_dims`).
    ext("vector", LiteralKind::Vector(3)),
];

const fn ext(name: &'static str, kind: LiteralKind) -> BaseType {
    base(name, Codec::TextInput(String::new()), Family::Literal(kind))
}

/// Look a type up in the registry, through its domains.
pub fn resolve(t: &SqlType) -> PgType<'_> {
    match t {
        SqlType::Base {
            name,
            length,
            precision,
            scale,
            ..
        } => match base_type(name) {
            Some(info) => PgType::Base {
                info,
                length: *length,
                precision: *precision,
                scale: *scale,
            },
            None => PgType::Unknown { name },
        },
        SqlType::Enum { labels, .. } => PgType::Enum { labels },
        SqlType::Array { element, .. } => PgType::Array { element },
        SqlType::Range { subtype, .. } => PgType::Range { subtype },
        SqlType::Composite { fields, .. } => PgType::Composite { fields },
        // Extension types have no fixed schema or oid; those the registry lists by name (citext)
        // are known by it.
        SqlType::Other { name, .. } => match extension_type(name) {
            Some(info) => PgType::Base {
                info,
                length: None,
                precision: None,
                scale: None,
            },
            None => PgType::Unknown { name },
        },
        // Peeled here, once: no caller of `resolve` sees a domain.
        SqlType::Domain { base, .. } => resolve(base),
    }
}

impl PgType<'_> {
    /// How values of this type are encoded.
    pub fn codec(&self) -> Codec {
        match *self {
            PgType::Base { info, .. } => match info.codec {
                Codec::TextInput(_) => Codec::TextInput(info.name.to_string()),
                ref c => c.clone(),
            },
            PgType::Enum { .. } => Codec::Text,
            PgType::Array { element } => Codec::Array {
                elem_oid: element.underlying().oid(),
                elem: Box::new(Codec::for_type(element)),
            },
            PgType::Range { subtype } => Codec::Range {
                elem: Box::new(Codec::for_type(subtype)),
            },
            PgType::Composite { fields } => Codec::Composite {
                fields: fields
                    .iter()
                    .map(|f| (f.type_info.oid(), Codec::for_type(&f.type_info)))
                    .collect(),
            },
            PgType::Unknown { name } => Codec::Unsupported(name.to_string()),
        }
    }

    /// How values of this type are generated.
    pub fn class(&self) -> TypeClass {
        match *self {
            PgType::Base {
                info,
                length,
                precision,
                scale,
            } => base_class(info, length, precision, scale),
            PgType::Enum { labels } => TypeClass::Enum(labels.to_vec()),
            PgType::Array { element } => TypeClass::Array(Box::new(element.clone())),
            PgType::Range { subtype } => TypeClass::Range(Box::new(subtype.clone())),
            PgType::Composite { fields } => TypeClass::Composite(fields.to_vec()),
            PgType::Unknown { name } => TypeClass::Unsupported(name.to_string()),
        }
    }
}

/// A base type's generation family with its modifiers applied.
fn base_class(
    info: &BaseType,
    length: Option<u32>,
    precision: Option<u32>,
    scale: Option<u32>,
) -> TypeClass {
    match info.family {
        Family::Int { min, max } => TypeClass::Int { min, max },
        Family::Numeric => TypeClass::Numeric {
            int_digits: precision.map(|p| p.saturating_sub(scale.unwrap_or(0))),
            scale: scale.unwrap_or(2).min(30) as u8,
        },
        Family::Float => TypeClass::Float,
        Family::Money => TypeClass::Money,
        Family::Text => TypeClass::Text {
            max_len: None,
            fixed: false,
        },
        Family::VarChar => TypeClass::Text {
            max_len: length.map(|l| l as usize),
            fixed: false,
        },
        Family::BpChar => TypeClass::Text {
            max_len: Some(length.unwrap_or(1) as usize),
            fixed: true,
        },
        Family::Bool => TypeClass::Bool,
        Family::Uuid => TypeClass::Uuid,
        Family::Date => TypeClass::Date,
        Family::Timestamp => TypeClass::Timestamp,
        Family::Time => TypeClass::Time,
        Family::TimeTz => TypeClass::TimeTz,
        Family::Interval => TypeClass::Interval,
        Family::Json => TypeClass::Json,
        Family::Bytes => TypeClass::Bytes,
        Family::Inet => TypeClass::Inet,
        Family::Cidr => TypeClass::Inet,
        Family::Mac => TypeClass::Mac,
        Family::Lexemes => TypeClass::Lexemes,
        Family::Literal(LiteralKind::Bit { len, varying }) => {
            TypeClass::Literal(LiteralKind::Bit {
                len: length.unwrap_or(len),
                varying,
            })
        }
        Family::Literal(k) => TypeClass::Literal(k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base_t(name: &str, oid: u32) -> SqlType {
        SqlType::Base {
            name: name.into(),
            oid,
            length: None,
            precision: None,
            scale: None,
        }
    }

    fn domain(base: SqlType) -> SqlType {
        SqlType::Domain {
            schema: "public".into(),
            name: "d".into(),
            oid: 90_000,
            base: Box::new(base),
            not_null: false,
            checks: Vec::new(),
        }
    }

    /// Does a generated value of `class` fit the encoding `codec`?
    fn fits(class: &TypeClass, codec: &Codec) -> bool {
        match (class, codec) {
            (TypeClass::Int { min, max }, Codec::Int2) => {
                (*min, *max) == (i16::MIN as i64, i16::MAX as i64)
            }
            (TypeClass::Int { min, max }, Codec::Int4) => {
                *min >= i32::MIN as i64 && *max <= i32::MAX as i64
            }
            (TypeClass::Int { min, max }, Codec::Int8) => (*min, *max) == (i64::MIN, i64::MAX),
            (TypeClass::Numeric { .. }, Codec::Numeric)
            | (TypeClass::Float, Codec::Float4 | Codec::Float8)
            | (TypeClass::Money, Codec::Money)
            | (TypeClass::Text { .. }, Codec::Text)
            | (TypeClass::Bool, Codec::Bool)
            | (TypeClass::Uuid, Codec::Uuid)
            | (TypeClass::Date, Codec::Date)
            | (TypeClass::Timestamp, Codec::Timestamp | Codec::TimestampTz)
            | (TypeClass::Time, Codec::Time)
            | (TypeClass::TimeTz, Codec::TimeTz)
            | (TypeClass::Interval, Codec::Interval)
            | (TypeClass::Json, Codec::Json | Codec::Jsonb)
            | (TypeClass::Bytes, Codec::Bytea)
            | (TypeClass::Inet, Codec::Inet)
            | (TypeClass::Mac, Codec::MacAddr)
            | (TypeClass::Enum(_), Codec::Text)
            | (TypeClass::Array(_), Codec::Array { .. })
            | (TypeClass::Range(_), Codec::Range { .. })
            | (TypeClass::Composite(_), Codec::Composite { .. })
            | (TypeClass::Lexemes, Codec::TextInput(_))
            | (TypeClass::Literal(_), Codec::TextInput(_) | Codec::Text) => true,
            // Not generated: only NULL (or a profile's value) is written, whatever the codec.
            (TypeClass::Unsupported(_), _) => true,
            _ => false,
        }
    }

    #[test]
    fn every_base_type_is_encodable_and_generated_consistently() {
        let extension = |name: &str| SqlType::Other {
            schema: "public".into(),
            name: name.into(),
            oid: 1,
        };
        let types = (BASE_TYPES.iter().map(|b| (b, base_t(b.name, 1))))
            .chain(EXTENSION_TYPES.iter().map(|b| (b, extension(b.name))));
        for (b, t) in types {
            let (codec, class) = (Codec::for_type(&t), classify(&t));
            assert!(
                !matches!(codec, Codec::Unsupported(_)),
                "{}: listed but not encodable",
                b.name
            );
            assert!(
                fits(&class, &codec),
                "{}: generated as {class:?} but encoded as {codec:?}",
                b.name
            );
        }
    }

    #[test]
    fn base_names_are_listed_once() {
        for (i, b) in BASE_TYPES.iter().enumerate() {
            assert!(
                BASE_TYPES[..i].iter().all(|o| o.name != b.name),
                "{} listed twice",
                b.name
            );
        }
    }

    /// Every listed type is generated (tests/builtin_types.rs proves the server accepts them).
    #[test]
    fn every_listed_type_is_generated() {
        assert_eq!(Codec::for_type(&base_t("oid", 26)), Codec::Int4);
        assert_eq!(Codec::for_type(&base_t("xml", 142)), Codec::Text);
        assert!(matches!(
            classify(&base_t("xml", 142)),
            TypeClass::Literal(LiteralKind::Xml)
        ));
    }

    #[test]
    fn unknown_types_are_neither_encoded_nor_generated() {
        let t = base_t("tsvector", 3614);
        assert_eq!(Codec::for_type(&t), Codec::TextInput("tsvector".into()));
        assert!(matches!(classify(&t), TypeClass::Lexemes));
        let other = SqlType::Other {
            schema: "public".into(),
            name: "box3d".into(),
            oid: 70_000,
        };
        assert_eq!(Codec::for_type(&other), Codec::Unsupported("box3d".into()));
        assert!(matches!(classify(&other), TypeClass::Unsupported(n) if n == "box3d"));
    }

    #[test]
    fn modifiers_shape_the_class() {
        let varchar = SqlType::Base {
            name: "varchar".into(),
            oid: 1043,
            length: Some(10),
            precision: None,
            scale: None,
        };
        assert!(matches!(
            classify(&varchar),
            TypeClass::Text {
                max_len: Some(10),
                fixed: false
            }
        ));
        assert!(matches!(
            classify(&base_t("bpchar", 1042)),
            TypeClass::Text {
                max_len: Some(1),
                fixed: true
            }
        ));
        let numeric = SqlType::Base {
            name: "numeric".into(),
            oid: 1700,
            length: None,
            precision: Some(8),
            scale: Some(3),
        };
        assert!(matches!(
            classify(&numeric),
            TypeClass::Numeric {
                int_digits: Some(5),
                scale: 3
            }
        ));
        assert!(matches!(
            classify(&base_t("numeric", 1700)),
            TypeClass::Numeric {
                int_digits: None,
                scale: 2
            }
        ));
    }

    #[test]
    fn domains_resolve_to_their_base() {
        let varchar = SqlType::Base {
            name: "varchar".into(),
            oid: 1043,
            length: Some(5),
            precision: None,
            scale: None,
        };
        let t = domain(domain(varchar));
        assert!(
            matches!(resolve(&t), PgType::Base { info, length: Some(5), .. } if info.name == "varchar")
        );
        assert_eq!(Codec::for_type(&t), Codec::Text);
        assert!(matches!(
            classify(&t),
            TypeClass::Text {
                max_len: Some(5),
                ..
            }
        ));
    }

    #[test]
    fn arrays_ranges_composites_and_enums_resolve() {
        // An array of a domain: the element oid is the base type's, as COPY wants.
        let arr = SqlType::Array {
            oid: 1007,
            element: Box::new(domain(base_t("int4", 23))),
        };
        assert_eq!(
            Codec::for_type(&arr),
            Codec::Array {
                elem_oid: 23,
                elem: Box::new(Codec::Int4)
            }
        );
        assert!(
            matches!(classify(&arr), TypeClass::Array(e) if matches!(*e, SqlType::Domain { .. }))
        );

        let range = SqlType::Range {
            schema: "pg_catalog".into(),
            name: "tstzrange".into(),
            oid: 3910,
            subtype: Box::new(base_t("timestamptz", 1184)),
        };
        let codec = Codec::for_type(&range);
        assert_eq!(
            codec,
            Codec::Range {
                elem: Box::new(Codec::TimestampTz)
            }
        );
        assert!(codec.has_tz());
        assert!(matches!(classify(&range), TypeClass::Range(_)));

        let comp = SqlType::Composite {
            schema: "public".into(),
            name: "address".into(),
            oid: 80_000,
            fields: vec![
                CompositeField {
                    name: "street".into(),
                    type_name: "text".into(),
                    type_info: base_t("text", 25),
                },
                CompositeField {
                    name: "zip".into(),
                    type_name: "d".into(),
                    type_info: domain(base_t("bpchar", 1042)),
                },
            ],
        };
        // A field's oid is its declared type's (the domain's), not the base's.
        assert_eq!(
            Codec::for_type(&comp),
            Codec::Composite {
                fields: vec![(25, Codec::Text), (90_000, Codec::Text)]
            }
        );
        assert!(matches!(classify(&comp), TypeClass::Composite(f) if f.len() == 2));

        let en = domain(SqlType::Enum {
            schema: "public".into(),
            name: "mood".into(),
            oid: 81_000,
            labels: vec!["sad".into(), "ok".into()],
        });
        assert_eq!(Codec::for_type(&en), Codec::Text);
        assert!(matches!(classify(&en), TypeClass::Enum(l) if l == ["sad", "ok"]));
    }
}
