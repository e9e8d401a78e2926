//! The name vocabulary: what a column's name (and its table's name) says about the column.
//!
//! One ordered table of [`RULES`], read by both the planner (`plan::semantic`: which values to
//! generate) and the data-design document (`doc`: which role a column plays), so the two cannot
//! disagree about a name. Each rule maps name words, optionally with the table's name, to
//!
//! - a [`Semantic`] kind (the planner checks it against the column's type and constraints
//!   before using it),
//! - the personal-data class ([`Pii`]) that kind holds, and
//! - a documentation [`Label`], which applies only to a column of the label's type family
//!   (`deleted_at` marks soft deletion only as a date or timestamp).
//!
//! The first rule that matches decides. Matching is on words: `contactEmail`, `contact_email`
//! and `EMAIL` all contain the word `email` (see [`words`]). A rule that only the document
//! needs (`record_id` in an audit trail) sits where the planner's rules would have decided the
//! name, with the same kind, so a label never changes what is generated.

use super::text::{Pii, TextKind};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Semantic {
    Text(TextKind),
    /// A money-like amount: (min, max) in units.
    Amount(f64, f64),
    /// A count or quantity: (min, max), skewed towards small values.
    Count(i64, i64),
    Rating(f64, f64),
    Percent,
    Age,
    Year,
    Latitude,
    Longitude,
    /// Creation time: uniform in the window.
    Created,
    /// After the row's creation time.
    Updated,
    /// Mostly NULL; otherwise after the creation time.
    Deleted,
    /// Optional event after creation (published_at, shipped_at, …): some NULL.
    LaterEvent,
    BirthDate,
    /// A boolean flag with the probability of `true`.
    Flag(f64),
    /// A JSON document of settings, attributes or events.
    JsonSettings,
    JsonAttributes,
    JsonEvent,
    Tags,
    /// Categorical text with no constraint listing its values: these labels, with weights.
    Category(&'static [(&'static str, u16)]),
    /// An identifier kept as text (`ext_8fk2…`, `PO-2024-000123`): never words.
    Identifier,
    /// Text of a known shape, as a regular expression: a codon, a page range, a cron line.
    Pattern(&'static str),
    /// A measured number in its unit: (min, max, skewed towards small values, what it is).
    Measure(i64, i64, bool, &'static str),
}

impl Semantic {
    /// The personal-data class a column of this kind holds, if any.
    pub fn pii(self) -> Option<Pii> {
        match self {
            Semantic::Text(k) => k.pii(),
            Semantic::BirthDate => Some(Pii::DateOfBirth),
            _ => None,
        }
    }
}

/// What the data-design document calls a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// The row's creation time (`created_at`, `inserted_at`…).
    Created,
    /// The row's last modification time (`updated_at`, `modified_on`…).
    Updated,
    /// A soft-delete marker that is a time: set when the row is deleted (`deleted_at`).
    DeletedAt,
    /// A soft-delete marker that is a flag (`is_deleted`, `archived`).
    DeletedFlag,
    /// A version counter or label (`version`, `revision`, `lock_version`).
    Version,
    /// A JSON document of settings or attributes (`configuration`, `metadata`).
    Configuration,
    /// In an audit trail: the operation (`operation`, `action`, `tg_op`).
    AuditOperation,
    /// In an audit trail: the row changed (`table_name`, `record_id`).
    AuditSubject,
    /// In an audit trail: an image of the row before or after (`old_values`, `diff`).
    AuditImage,
    /// In an audit trail: when the change happened (`changed_at`, `logged_at`).
    AuditTime,
    /// Who made a change, as audit trails name it, and an actor (`changed_by`, `modified_by`).
    AuditActor,
    /// In an audit trail: who made the change (`actor_id`); elsewhere (`film_actor.actor_id`)
    /// not necessarily an actor.
    AuditWho,
    /// Who made a change to the row (`created_by`, `updated_by_id`).
    Actor,
}

/// Type families a [`Label`] can be restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// date, timestamp, timestamptz
    Time,
    Boolean,
    /// json, jsonb
    Json,
    Other,
}

impl Label {
    /// True when a column of this type family can play the role.
    pub fn fits(self, family: Family) -> bool {
        match self {
            Label::Created | Label::Updated | Label::DeletedAt => family == Family::Time,
            Label::DeletedFlag => family == Family::Boolean,
            Label::Configuration => family == Family::Json,
            _ => true,
        }
    }
}

/// What the vocabulary says about one column name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Meaning {
    pub semantic: Option<Semantic>,
    pub pii: Option<Pii>,
    label: Option<Label>,
}

impl Meaning {
    /// The documentation label, if the name has one and the column's type family fits it.
    pub fn label(&self, family: Family) -> Option<Label> {
        self.label.filter(|l| l.fits(family))
    }
}

/// What the vocabulary says about `column` of `table`: the first rule that matches.
pub fn meaning(table: &str, column: &str) -> Meaning {
    let name = Name::new(table, column);
    match RULES.iter().find(|r| r.when.holds(&name)) {
        Some(rule) => {
            let semantic = rule.kind.resolve(&name);
            Meaning {
                semantic,
                pii: semantic.and_then(Semantic::pii),
                label: rule.label,
            }
        }
        None => Meaning {
            semantic: None,
            pii: None,
            label: None,
        },
    }
}

/// Split `contactEmail2`, `contact_email`, `Contact-Email` into lower-case words.
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let boundary = c.is_uppercase()
            && i > 0
            && (chars[i - 1].is_lowercase()
                || (chars.get(i + 1).is_some_and(|n| n.is_lowercase())
                    && chars[i - 1].is_uppercase()));
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

/// A column name as the rules read it.
struct Name {
    words: Vec<String>,
    /// The words joined by `_`: `contactEmail` → `contact_email`.
    joined: String,
    /// The last word of the table's name: `page_views` → `views`.
    table_last: String,
    /// The first word of the table's name: `countryregion` → `country`.
    table_first: String,
}

impl Name {
    fn new(table: &str, column: &str) -> Name {
        let words = read(column);
        let joined = words.join("_");
        let table_words = read(table);
        let table_last = table_words.last().cloned().unwrap_or_default();
        let table_first = table_words.first().cloned().unwrap_or_default();
        Name {
            words,
            joined,
            table_last,
            table_first,
        }
    }

    fn has(&self, any: &[&str]) -> bool {
        self.words.iter().any(|w| any.contains(&w.as_str()))
    }

    fn first(&self) -> &str {
        self.words.first().map(String::as_str).unwrap_or("")
    }

    fn last(&self) -> &str {
        self.words.last().map(String::as_str).unwrap_or("")
    }
}

/// The words of a name as a person reads them: abbreviations spelled out (`qty` → quantity,
/// `fname` → first name) and lower-case compounds split (`emailaddress` → email address).
pub fn read(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in words(name).into_iter().flat_map(split_digits) {
        if let Some((_, full)) = ABBREVIATIONS.iter().find(|(a, _)| *a == w) {
            out.extend(full.iter().map(|f| f.to_string()));
        } else if let Some(parts) = split_compound(&w) {
            for p in parts {
                match ABBREVIATIONS.iter().find(|(a, _)| *a == p) {
                    Some((_, full)) => out.extend(full.iter().map(|f| f.to_string())),
                    None => out.push(p.to_string()),
                }
            }
        } else {
            out.push(w);
        }
    }
    out
}

/// `addressline1` → `addressline`, `1`: a number at the end of a lower-case compound is a
/// word of its own (`address_line_1`), so the rest can be split.
fn split_digits(w: String) -> Vec<String> {
    let letters = w.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if letters < 6 || letters == w.len() {
        return vec![w];
    }
    let (head, digits) = w.split_at(letters);
    vec![head.to_string(), digits.to_string()]
}

/// Abbreviations in column names and the words they stand for.
const ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("addr", &["address"]),
    ("qty", &["quantity"]),
    ("amt", &["amount"]),
    ("desc", &["description"]),
    ("descr", &["description"]),
    ("num", &["number"]),
    ("no", &["number"]),
    ("nbr", &["number"]),
    ("dt", &["date"]),
    ("ts", &["timestamp"]),
    ("tel", &["phone"]),
    ("fname", &["first", "name"]),
    ("lname", &["last", "name"]),
    ("dob", &["birth", "date"]),
    ("zip", &["postcode"]),
    ("ref", &["reference"]),
    ("ext", &["extension"]),
    ("pwd", &["password"]),
    ("passwd", &["password"]),
    ("msg", &["message"]),
    ("cnt", &["count"]),
    ("pct", &["percent"]),
    ("exp", &["expiry"]),
    ("indep", &["independence"]),
];

/// Split a lower-case compound into known words, fewest parts first: `purchaseordernumber` →
/// purchase order number. `None` for a known word or one that does not split whole. Parts are
/// words of at least three letters (`id` may follow one), so `canon` is not `can on`.
fn split_compound(w: &str) -> Option<Vec<&str>> {
    let dict = compound_words();
    if w.len() < 6 || !w.is_ascii() || dict.contains(w) {
        return None;
    }
    // best[i]: the fewest parts that spell w[..i], and where the last part starts.
    let n = w.len();
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    for end in 1..=n {
        for start in 0..end {
            let part = &w[start..end];
            let fits = (part.len() >= 3 && dict.contains(part)) || (part == "id" && start > 0);
            if let (true, Some((parts, _))) = (fits, best[start])
                && best[end].is_none_or(|(p, _)| parts + 1 < p)
            {
                best[end] = Some((parts + 1, start));
            }
        }
    }
    let (parts, _) = best[n]?;
    if parts < 2 {
        return None;
    }
    let mut out = Vec::new();
    let mut end = n;
    while end > 0 {
        let (_, start) = best[end]?;
        out.push(&w[start..end]);
        end = start;
    }
    out.reverse();
    Some(out)
}

/// The words compounds are split into: every word the rules name, and words that appear
/// beside them in column names.
fn compound_words() -> &'static std::collections::HashSet<&'static str> {
    static WORDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut set: std::collections::HashSet<&'static str> =
            COMPOUND_WORDS.iter().copied().collect();
        for r in RULES {
            r.when.words_into(&mut set);
        }
        for (a, _) in ABBREVIATIONS {
            set.insert(a);
        }
        set.retain(|w| w.len() >= 3 && !w.contains('_'));
        set
    })
}

/// Words that are not in the rules but make up compound column names.
const COMPOUND_WORDS: &[&str] = &[
    "purchasing",
    "web",
    "service",
    "url",
    "thumbnail",
    "photo",
    "large",
    "small",
    "shopping",
    "cart",
    "head",
    "government",
    "form",
    "local",
    "life",
    "expectancy",
    "district",
    "independence",
    "population",
    "account",
    "approval",
    "bill",
    "billing",
    "business",
    "contact",
    "credit",
    "customer",
    "date",
    "due",
    "employee",
    "end",
    "entity",
    "expiry",
    "first",
    "group",
    "guid",
    "home",
    "item",
    "job",
    "key",
    "last",
    "line",
    "list",
    "location",
    "login",
    "marital",
    "middle",
    "modified",
    "national",
    "number",
    "order",
    "organization",
    "person",
    "postal",
    "purchase",
    "rate",
    "receipt",
    "row",
    "sales",
    "ship",
    "shipping",
    "start",
    "store",
    "sub",
    "suffix",
    "territory",
    "unit",
    "user",
    "work",
    "address",
    "name",
    "title",
    "hash",
    "salt",
    "shift",
    "department",
    "product",
    "model",
    "special",
    "offer",
    "vendor",
    "review",
    "reviewer",
    "hire",
    "birth",
    "gender",
    "flag",
    "current",
    "safety",
    "reorder",
    "point",
    "standard",
    "list",
    "style",
    "class",
    "size",
    "weight",
    "color",
    "days",
    "manufacture",
    "sell",
    "finished",
    "goods",
    "make",
    "scrapped",
    "reason",
    "tracking",
    "carrier",
    "revision",
    "stocked",
    "accepted",
    "rejected",
    "received",
    "culture",
    "document",
    "summary",
    "owner",
    "level",
    "node",
    "file",
    "extension",
    "status",
    "change",
    "category",
    "description",
    "currency",
    "code",
    "phone",
    "type",
    "city",
    "state",
    "province",
    "country",
    "region",
    "group",
    "card",
    "month",
    "year",
    "approval",
    "tax",
    "amt",
    "freight",
    "total",
    "quota",
    "bonus",
    "commission",
    "rank",
    "pay",
    "frequency",
    "vacation",
    "sick",
    "leave",
    "hours",
    "online",
    "revision",
    "comment",
    "email",
    "promotion",
    "demographics",
    "additional",
    "info",
    "suffix",
    "password",
    "emergency",
    "sort",
    "display",
    "short",
    "long",
    "full",
    "unique",
    "protocol",
    "hardware",
    "software",
    "volume",
    "array",
    "batch",
    "identifier",
    "factor",
    "organism",
    "residue",
    "residues",
    "package",
    "rank",
];

impl Cond {
    /// Collect the words this condition names (for splitting compounds).
    fn words_into(&self, set: &mut std::collections::HashSet<&'static str>) {
        match *self {
            Cond::Word(ws) | Cond::First(ws) | Cond::Last(ws) | Cond::Joined(ws) => {
                set.extend(ws.iter().flat_map(|w| w.split('_')))
            }
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.words_into(set)),
            Cond::Not(c) => c.words_into(set),
            _ => {}
        }
    }
}

/// When a rule applies.
#[derive(Debug, Clone, Copy)]
enum Cond {
    /// The name has one of these words.
    Word(&'static [&'static str]),
    /// Its first word is one of these.
    First(&'static [&'static str]),
    /// Its last word is one of these.
    Last(&'static [&'static str]),
    /// Its words joined by `_` are one of these (a one-word name: the word is one of these).
    Joined(&'static [&'static str]),
    /// Its words joined by `_` contain one of these.
    JoinedContains(&'static [&'static str]),
    /// Its words joined by `_` are one of the stems followed by one of the suffixes.
    Suffixed(&'static [&'static str], &'static [&'static str]),
    /// It is a single word.
    OneWord,
    /// The last word of the table's name is one of these.
    Table(&'static [&'static str]),
    All(&'static [Cond]),
    Any(&'static [Cond]),
    Not(&'static Cond),
}

impl Cond {
    fn holds(&self, n: &Name) -> bool {
        match *self {
            Cond::Word(ws) => n.has(ws),
            Cond::First(ws) => ws.contains(&n.first()),
            Cond::Last(ws) => ws.contains(&n.last()),
            Cond::Joined(ws) => ws.contains(&n.joined.as_str()),
            Cond::JoinedContains(ws) => ws.iter().any(|w| n.joined.contains(w)),
            Cond::Suffixed(stems, suffixes) => suffixes.iter().any(|s| {
                n.joined
                    .strip_suffix(s)
                    .is_some_and(|stem| stems.contains(&stem))
            }),
            Cond::OneWord => n.words.len() == 1,
            Cond::Table(ws) => ws.contains(&n.table_last.as_str()),
            Cond::All(cs) => cs.iter().all(|c| c.holds(n)),
            Cond::Any(cs) => cs.iter().any(|c| c.holds(n)),
            Cond::Not(c) => !c.holds(n),
        }
    }
}

/// What a rule says the column holds.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Is(Semantic),
    /// The name says nothing the planner uses (the rule only labels it).
    Nothing,
    /// A name or label: a person's name in a table of people, a company's in a table of
    /// companies, and so on (see [`name_of_table`]).
    NameOfTable,
}

impl Kind {
    fn resolve(self, n: &Name) -> Option<Semantic> {
        match self {
            Kind::Is(s) => Some(s),
            Kind::Nothing => None,
            Kind::NameOfTable => Some(Semantic::Text(name_of_table(n))),
        }
    }
}

struct Rule {
    when: Cond,
    kind: Kind,
    label: Option<Label>,
}

const fn rule(when: Cond, kind: Kind) -> Rule {
    Rule {
        when,
        kind,
        label: None,
    }
}

const fn labelled(when: Cond, kind: Kind, label: Label) -> Rule {
    Rule {
        when,
        kind,
        label: Some(label),
    }
}

const fn text(k: TextKind) -> Kind {
    Kind::Is(Semantic::Text(k))
}

/// The kind of text a `name` or `label` column holds, by what its table holds.
fn name_of_table(n: &Name) -> TextKind {
    let in_tables = |list: &[&str]| list.contains(&n.table_last.as_str());
    if in_tables(PERSON_TABLES) {
        TextKind::FullName
    } else if in_tables(COMPANY_TABLES) {
        TextKind::Company
    } else if in_tables(PRODUCT_TABLES) {
        TextKind::ProductName
    } else if in_tables(&["city", "cities", "town", "towns"]) {
        TextKind::City
    } else if in_tables(&["country", "countries", "nation", "nations"])
        || n.table_first == "country"
    {
        TextKind::Country
    } else if in_tables(&["state", "states", "province", "provinces", "stateprovince"]) {
        TextKind::State
    } else if in_tables(WORD_TABLES) || n.has(&["label"]) {
        TextKind::Word
    } else {
        TextKind::Title
    }
}

const PERSON_TABLES: &[&str] = &[
    "user",
    "users",
    "customer",
    "customers",
    "employee",
    "employees",
    "person",
    "people",
    "persons",
    "member",
    "members",
    "author",
    "authors",
    "contact",
    "contacts",
    "student",
    "students",
    "patient",
    "patients",
    "account",
    "accounts",
    "staff",
    "client",
    "clients",
    "profile",
    "profiles",
    "owner",
    "owners",
];
const COMPANY_TABLES: &[&str] = &[
    "company",
    "companies",
    "organization",
    "organizations",
    "organisation",
    "organisations",
    "vendor",
    "vendors",
    "supplier",
    "suppliers",
    "tenant",
    "tenants",
    "brand",
    "brands",
];
/// Tables whose `state` is part of an address (elsewhere a one-word `state` is a status).
const PLACE_TABLES: &[&str] = &[
    "user",
    "users",
    "customer",
    "customers",
    "employee",
    "employees",
    "person",
    "people",
    "persons",
    "member",
    "members",
    "contact",
    "contacts",
    "student",
    "students",
    "patient",
    "patients",
    "account",
    "accounts",
    "staff",
    "client",
    "clients",
    "profile",
    "profiles",
    "company",
    "companies",
    "organization",
    "organizations",
    "vendor",
    "vendors",
    "supplier",
    "suppliers",
    "address",
    "addresses",
    "location",
    "locations",
    "store",
    "stores",
    "branch",
    "branches",
    "warehouse",
    "warehouses",
    "office",
    "offices",
    "site",
    "sites",
    "venue",
    "venues",
    "shipment",
    "shipments",
    "orders",
    "order",
    "invoice",
    "invoices",
    "cities",
    "city",
    "places",
    "place",
];
const PRODUCT_TABLES: &[&str] = &[
    "product", "products", "item", "items", "sku", "skus", "article", "articles",
];
const WORD_TABLES: &[&str] = &[
    "tag",
    "tags",
    "category",
    "categories",
    "label",
    "labels",
    "topic",
    "topics",
    "genre",
    "genres",
];

/// A name that is a date or time: `…_at`, `…_on`, `…_date`, `…_time`, `…_ts`, `…timestamp…`.
/// Checked first: `email_verified_at` is a time, not an email.
const TIME_NAME: Cond = Cond::Any(&[
    Cond::Last(&["at", "on", "date", "time", "ts"]),
    Cond::Word(&["timestamp"]),
]);

/// `is_…`, `has_…`, `can_…`, `should_…`.
const FLAG_PREFIX: Cond = Cond::First(&["is", "has", "can", "should"]);

const TITLE_WORDS: &[&str] = &["title", "headline", "subject", "heading", "caption"];

/// Verbs of change in `<verb>_by`, `<verb>_by_id`, `<verb>_by_user_id` (who changed the row).
/// `referred_by` or `owned_by` say something else.
const CHANGE_VERBS: &[&str] = &[
    "created",
    "updated",
    "modified",
    "deleted",
    "changed",
    "inserted",
    "performed",
    "edited",
    "last_modified",
    "last_updated",
    "archived",
    "removed",
];

/// People in a role, as the first words of a `…_name` column.
const PERSON_ROLES: &[&str] = &[
    "passenger",
    "reviewer",
    "customer",
    "recipient",
    "owner",
    "employee",
    "manager",
    "driver",
    "guest",
    "patient",
    "student",
    "teacher",
    "buyer",
    "seller",
    "agent",
    "person",
    "member",
    "editor",
    "speaker",
    "attendee",
    "applicant",
    "candidate",
    "instructor",
    "doctor",
    "physician",
    "nurse",
    "pilot",
    "holder",
    "cardholder",
    "beneficiary",
    "payee",
    "payer",
    "traveler",
    "traveller",
    "visitor",
    "representative",
    "approver",
    "assignee",
    "reporter",
    "requester",
    "supervisor",
    "landlord",
    "player",
    "coach",
    "winner",
];

/// The vocabulary, in order: the first rule that matches decides. A flat table of data, so
/// longer than a function should be.
const RULES: &[Rule] = &[
    // Dates and times first.
    labelled(
        Cond::Joined(&["created_at", "created_on", "inserted_at", "created_time"]),
        Kind::Is(Semantic::Created),
        Label::Created,
    ),
    labelled(
        Cond::Joined(&["occurred_at"]),
        Kind::Is(Semantic::Created),
        Label::AuditTime,
    ),
    rule(
        Cond::All(&[
            TIME_NAME,
            Cond::Word(&[
                "created",
                "inserted",
                "registered",
                "signup",
                "joined",
                "hired",
                "placed",
                "applied",
                "occurred",
                "viewed",
                "started",
                "opened",
            ]),
        ]),
        Kind::Is(Semantic::Created),
    ),
    labelled(
        Cond::Joined(&[
            "updated_at",
            "updated_on",
            "modified_at",
            "modified_on",
            "last_modified_at",
        ]),
        Kind::Is(Semantic::Updated),
        Label::Updated,
    ),
    labelled(
        Cond::Joined(&["changed_at"]),
        Kind::Is(Semantic::Updated),
        Label::AuditTime,
    ),
    rule(
        Cond::All(&[
            TIME_NAME,
            Cond::Word(&["updated", "modified", "changed", "edited"]),
        ]),
        Kind::Is(Semantic::Updated),
    ),
    labelled(
        Cond::Joined(&[
            "deleted_at",
            "deleted_on",
            "deleted_date",
            "deleted_time",
            "archived_at",
            "archived_on",
            "removed_at",
        ]),
        Kind::Is(Semantic::Deleted),
        Label::DeletedAt,
    ),
    rule(
        Cond::All(&[
            TIME_NAME,
            Cond::Word(&[
                "deleted",
                "removed",
                "archived",
                "cancelled",
                "canceled",
                "left",
                "ended",
                "closed",
                "discontinued",
            ]),
        ]),
        Kind::Is(Semantic::Deleted),
    ),
    rule(
        Cond::All(&[TIME_NAME, Cond::Word(&["birth", "dob"])]),
        Kind::Is(Semantic::BirthDate),
    ),
    labelled(
        Cond::Joined(&["performed_at", "logged_at", "event_time"]),
        Kind::Is(Semantic::LaterEvent),
        Label::AuditTime,
    ),
    rule(TIME_NAME, Kind::Is(Semantic::LaterEvent)),
    rule(
        Cond::Any(&[
            Cond::Word(&["birthday", "dob"]),
            Cond::JoinedContains(&["birth_date", "date_of_birth"]),
            Cond::Joined(&["birthdate"]),
        ]),
        Kind::Is(Semantic::BirthDate),
    ),
    // Flags.
    labelled(
        Cond::Joined(&["is_deleted", "is_archived"]),
        Kind::Is(Semantic::Flag(0.05)),
        Label::DeletedFlag,
    ),
    rule(
        Cond::All(&[
            FLAG_PREFIX,
            Cond::Word(&[
                "deleted", "archived", "banned", "blocked", "locked", "test", "admin",
            ]),
        ]),
        Kind::Is(Semantic::Flag(0.05)),
    ),
    rule(
        Cond::All(&[
            FLAG_PREFIX,
            Cond::Word(&["active", "enabled", "visible", "available"]),
        ]),
        Kind::Is(Semantic::Flag(0.85)),
    ),
    labelled(
        Cond::Joined(&["is_removed", "is_trashed"]),
        Kind::Is(Semantic::Flag(0.5)),
        Label::DeletedFlag,
    ),
    rule(FLAG_PREFIX, Kind::Is(Semantic::Flag(0.5))),
    rule(
        Cond::Joined(&[
            "active",
            "enabled",
            "visible",
            "available",
            "approved",
            "confirmed",
        ]),
        Kind::Is(Semantic::Flag(0.85)),
    ),
    rule(
        Cond::Joined(&["verified", "published", "featured", "public"]),
        Kind::Is(Semantic::Flag(0.6)),
    ),
    labelled(
        Cond::Joined(&["deleted", "archived"]),
        Kind::Is(Semantic::Flag(0.05)),
        Label::DeletedFlag,
    ),
    rule(
        Cond::Joined(&["disabled", "banned", "locked", "blocked", "discontinued"]),
        Kind::Is(Semantic::Flag(0.05)),
    ),
    // Contact details and identities.
    rule(
        Cond::Any(&[
            Cond::Word(&["ip", "ipaddr"]),
            Cond::JoinedContains(&["ip_address", "remote_addr"]),
        ]),
        text(TextKind::Ipv4),
    ),
    rule(
        Cond::Any(&[
            Cond::Word(&["email"]),
            Cond::All(&[Cond::Word(&["mail"]), Cond::Not(&Cond::Word(&["mailing"]))]),
        ]),
        text(TextKind::Email),
    ),
    rule(
        Cond::Any(&[
            Cond::Word(&["username", "login", "handle", "nickname"]),
            Cond::Joined(&["user_name", "screen_name"]),
        ]),
        text(TextKind::Username),
    ),
    rule(
        Cond::Any(&[
            Cond::JoinedContains(&["first_name", "given_name"]),
            Cond::Word(&["firstname", "forename"]),
        ]),
        text(TextKind::FirstName),
    ),
    rule(
        Cond::Any(&[
            Cond::JoinedContains(&["last_name", "family_name"]),
            Cond::Word(&["lastname", "surname"]),
        ]),
        text(TextKind::LastName),
    ),
    rule(
        Cond::Any(&[
            Cond::JoinedContains(&["full_name", "display_name", "contact_name"]),
            Cond::Word(&["fullname"]),
            Cond::Joined(&["author"]),
        ]),
        text(TextKind::FullName),
    ),
    rule(
        Cond::Any(&[
            Cond::Word(&["artist", "composer", "performer", "credited", "givennames"]),
            Cond::All(&[
                Cond::Last(&["credit"]),
                Cond::Not(&Cond::Word(&["card", "score", "note"])),
            ]),
        ]),
        text(TextKind::FullName),
    ),
    // `passenger_name`, `reviewername`, `cardholder_name`: the name of a person in a role.
    rule(
        Cond::All(&[Cond::Last(&["name"]), Cond::Word(PERSON_ROLES)]),
        text(TextKind::FullName),
    ),
    rule(
        Cond::Joined(&["head_of_state", "headofstate", "head_of_government"]),
        text(TextKind::FullName),
    ),
    rule(
        Cond::Last(&[
            "sender",
            "creator",
            "uploader",
            "ignorer",
            "inviter",
            "requester",
        ]),
        text(TextKind::Username),
    ),
    rule(Cond::Joined(&["publisher"]), text(TextKind::Company)),
    rule(
        Cond::Any(&[
            Cond::Word(&["phone", "mobile", "tel", "telephone", "fax", "cell"]),
            Cond::Joined(&["msisdn"]),
        ]),
        text(TextKind::Phone),
    ),
    rule(
        Cond::Any(&[
            Cond::Word(&["ssn"]),
            Cond::JoinedContains(&["national_id", "social_security", "tax_id"]),
        ]),
        text(TextKind::NationalId),
    ),
    // What a payment processor returns, not the card: `creditcardapprovalcode`.
    rule(
        Cond::All(&[
            Cond::Word(&["approval", "authorization", "authorisation", "auth"]),
            Cond::Last(&["code"]),
        ]),
        Kind::Is(Semantic::Pattern("[0-9]{6}[A-Z]{2}[0-9]{5}")),
    ),
    rule(
        Cond::Any(&[
            Cond::All(&[Cond::Word(&["card"]), Cond::Word(&["number", "no", "num"])]),
            Cond::Joined(&["pan"]),
            Cond::JoinedContains(&["credit_card"]),
        ]),
        text(TextKind::CardNumber),
    ),
    rule(Cond::Word(&["iban"]), text(TextKind::Iban)),
    // A salt is short random bytes in base64, not a whole hash.
    rule(
        Cond::Last(&["salt"]),
        Kind::Is(Semantic::Pattern("[A-Za-z0-9+/]{7}=")),
    ),
    // `password_version`: the hashing scheme.
    rule(
        Cond::All(&[
            Cond::Word(&["password"]),
            Cond::Last(&["version", "algorithm"]),
        ]),
        category(PASSWORD_SCHEMES),
    ),
    rule(
        Cond::Any(&[
            Cond::All(&[
                Cond::Word(&["password", "pwd", "passwd"]),
                // `password_version`: the hashing scheme (above), not a hash.
                Cond::Not(&Cond::Last(&["version", "algorithm"])),
            ]),
            Cond::Joined(&["pass_crypt", "crypted_password", "encrypted_password"]),
        ]),
        text(TextKind::PasswordHash),
    ),
    // Key-value pairs written short (`k`, `v`: OpenStreetMap's tags, harbor's properties).
    rule(Cond::Joined(&["k", "v"]), text(TextKind::Word)),
    // A stored file (`invoices.file`, `xml_file`): its name.
    rule(Cond::Last(&["file"]), text(TextKind::FileName)),
    rule(Cond::Last(&["footer", "header"]), text(TextKind::Sentence)),
    rule(Cond::Joined(&["secrets"]), text(TextKind::Hex)),
    rule(Cond::Joined(&["continent"]), category(CONTINENTS)),
    // Background-job frameworks (good_job, delayed_job, sidekiq) store the job's class name.
    rule(
        Cond::Joined(&["job_class", "class_name", "worker_class"]),
        pattern("[A-Z][a-z]{3,9}(Job|Worker)"),
    ),
    rule(
        Cond::Joined(&["languages"]),
        pattern("(en|de|fr|es|it|nl|pt|ja)(,(en|de|fr|es)){0,1}"),
    ),
    // A JSON document kept as text (`key_json`, `progress_json`, synapse's `event_json.json`).
    rule(
        Cond::Any(&[
            Cond::Last(&["json"]),
            Cond::Joined(&["extra_attrs", "attrs"]),
        ]),
        Kind::Is(Semantic::JsonAttributes),
    ),
    // Job queues: the worker holding a lock, and the callbacks a batch runs.
    rule(
        Cond::Joined(&["locked_by"]),
        pattern("worker-[1-9]:[1-9][0-9]{2,4}"),
    ),
    rule(
        Cond::Joined(&[
            "on_finish",
            "on_success",
            "on_discard",
            "on_failure",
            "callback",
        ]),
        pattern("[A-Z][a-z]{3,9}(Job|Callback)"),
    ),
    // OAuth and JWT: redirect targets, grant types, audiences, token types.
    rule(
        Cond::Joined(&[
            "urls",
            "uris",
            "redirect_uris",
            "redirect_to",
            "redirect_url",
        ]),
        text(TextKind::Url),
    ),
    rule(Cond::Joined(&["grant_types"]), category(GRANT_TYPES)),
    rule(Cond::Joined(&["aud", "audience"]), category(AUDIENCES)),
    rule(Cond::Joined(&["token_type"]), category(TOKEN_TYPES)),
    // Package managers: a version requirement.
    rule(
        Cond::Joined(&["requirement", "version_requirement", "constraint_spec"]),
        pattern("(~> |>= |\\^)[1-9]\\.[0-9]{1,2}(\\.[0-9])?"),
    ),
    rule(
        Cond::Joined(&["hex", "digest", "checksum"]),
        text(TextKind::Hex),
    ),
    rule(
        Cond::Joined(&["thumb", "thumbnail"]),
        text(TextKind::FileName),
    ),
    rule(Cond::Joined(&["mount_point"]), text(TextKind::FilePath)),
    rule(
        Cond::Joined(&["query", "search_query"]),
        text(TextKind::Words),
    ),
    rule(
        Cond::Joined(&["authorization"]),
        pattern("Bearer [a-f0-9]{32}"),
    ),
    rule(
        Cond::Joined(&["diff"]),
        pattern("@@ -[1-9][0-9]?,[1-9] \\+[1-9][0-9]?,[1-9] @@"),
    ),
    // ISO codes (musicbrainz's language and script tables).
    rule(
        Cond::All(&[Cond::Word(&["iso"]), Cond::Word(&["code"])]),
        pattern("[a-z]{2,3}"),
    ),
    rule(
        Cond::All(&[Cond::Word(&["iso"]), Cond::Last(&["number", "numeric"])]),
        pattern("[0-9]{3}"),
    ),
    // Places.
    rule(
        Cond::Any(&[
            Cond::Word(&["street"]),
            Cond::JoinedContains(&["address_line"]),
            Cond::All(&[
                Cond::Word(&["address"]),
                Cond::Not(&Cond::Word(&["ip", "email", "mac"])),
            ]),
            Cond::All(&[Cond::Word(&["addr"]), Cond::Not(&Cond::Word(&["ip"]))]),
        ]),
        text(TextKind::Street),
    ),
    // `stateprovincecode`, `state_code`: the short code, not the name.
    rule(
        Cond::All(&[
            Cond::Word(&["state", "province"]),
            Cond::Last(&["code", "abbr", "abbreviation"]),
        ]),
        Kind::Is(Semantic::Pattern("[A-Z]{2}")),
    ),
    rule(
        Cond::Joined(&["shelf", "aisle"]),
        Kind::Is(Semantic::Pattern("[A-H]")),
    ),
    rule(Cond::Joined(&["revision", "rev"]), text(TextKind::Version)),
    rule(Cond::Word(&["city", "town"]), text(TextKind::City)),
    rule(
        Cond::Any(&[
            Cond::All(&[
                Cond::Word(&["state"]),
                Cond::Not(&Cond::Word(&["status"])),
                Cond::Any(&[Cond::Not(&Cond::OneWord), Cond::Table(PLACE_TABLES)]),
            ]),
            Cond::Word(&["province", "region", "county", "district", "prefecture"]),
        ]),
        text(TextKind::State),
    ),
    rule(Cond::Joined(&["state"]), category(STATES)),
    rule(
        Cond::All(&[
            Cond::Word(&["country"]),
            Cond::Word(&["code", "iso", "iso2"]),
        ]),
        text(TextKind::CountryCode),
    ),
    rule(Cond::Word(&["country"]), text(TextKind::Country)),
    rule(
        Cond::Word(&["zip", "zipcode", "postcode", "postal"]),
        text(TextKind::PostCode),
    ),
    // Organisations and work.
    rule(
        Cond::Word(&[
            "company",
            "organization",
            "organisation",
            "employer",
            "vendor",
            "supplier",
            "manufacturer",
            "brand",
        ]),
        text(TextKind::Company),
    ),
    rule(
        Cond::Any(&[
            Cond::JoinedContains(&["job_title"]),
            Cond::Word(&["occupation", "profession"]),
            Cond::All(&[Cond::Word(&["position"]), Cond::Not(&Cond::Word(&["sort"]))]),
        ]),
        text(TextKind::JobTitle),
    ),
    // The web.
    rule(
        Cond::Any(&[
            Cond::JoinedContains(&["user_agent"]),
            Cond::Word(&["useragent"]),
        ]),
        text(TextKind::UserAgent),
    ),
    // The last word is the head: `photo_file_name` is a file name, `photo_url` a URL.
    rule(
        Cond::Any(&[
            Cond::Last(&["filename"]),
            Cond::All(&[Cond::Last(&["name"]), Cond::Word(&["file"])]),
        ]),
        text(TextKind::FileName),
    ),
    rule(
        Cond::Word(&[
            "url", "website", "homepage", "link", "href", "avatar", "image", "photo", "uri",
            "endpoint", "webhook", "callback",
        ]),
        text(TextKind::Url),
    ),
    rule(
        Cond::Word(&[
            "domain",
            "hostname",
            "host",
            "server",
            "origin",
            "destination",
        ]),
        text(TextKind::Domain),
    ),
    rule(
        Cond::All(&[
            Cond::Word(&["path"]),
            Cond::Any(&[
                Cond::Word(&["url"]),
                Cond::Table(&["page_views", "views", "requests", "visits"]),
                Cond::All(&[Cond::OneWord, Cond::Not(&Cond::Word(&["file"]))]),
            ]),
        ]),
        text(TextKind::UrlPath),
    ),
    rule(Cond::Word(&["slug", "permalink"]), text(TextKind::Slug)),
    // Codes and identifiers.
    rule(Cond::Word(&["sku", "barcode"]), text(TextKind::Sku)),
    rule(Cond::Word(&["isbn"]), text(TextKind::Isbn)),
    rule(Cond::Word(&["currency"]), text(TextKind::CurrencyCode)),
    rule(Cond::Word(&["locale"]), text(TextKind::LocaleTag)),
    rule(Cond::Word(&["language", "lang"]), text(TextKind::Language)),
    rule(
        Cond::Any(&[
            Cond::Word(&["timezone"]),
            Cond::JoinedContains(&["time_zone"]),
            Cond::Joined(&["tz"]),
        ]),
        text(TextKind::Timezone),
    ),
    rule(Cond::Word(&["color", "colour"]), text(TextKind::Color)),
    rule(
        Cond::Any(&[
            Cond::Word(&["mime"]),
            Cond::JoinedContains(&["content_type", "media_type"]),
        ]),
        text(TextKind::MimeType),
    ),
    rule(
        Cond::Any(&[
            Cond::JoinedContains(&["file_name"]),
            Cond::Word(&["filename"]),
        ]),
        text(TextKind::FileName),
    ),
    rule(
        Cond::Any(&[
            Cond::Word(&["path", "filepath"]),
            Cond::JoinedContains(&["file_path"]),
        ]),
        text(TextKind::FilePath),
    ),
    labelled(
        Cond::Joined(&[
            "version",
            "version_no",
            "version_number",
            "lock_version",
            "row_version",
        ]),
        text(TextKind::Version),
        Label::Version,
    ),
    rule(
        Cond::Word(&["version", "semver", "release"]),
        text(TextKind::Version),
    ),
    rule(
        Cond::Word(&[
            "hash",
            "checksum",
            "sha",
            "digest",
            "token",
            "secret",
            "md5",
            "md5checksum",
            "sha1",
            "sha256",
            "ha1",
            "fingerprint",
            "signature",
            "etag",
            "salt",
            "iv",
            "encrypted",
            "nonce",
            "jwt",
        ]),
        text(TextKind::Hex),
    ),
    // What web applications record about a visit, a client and a policy.
    rule(Cond::Word(&["browser"]), category(BROWSERS)),
    rule(
        Cond::Any(&[
            Cond::Joined(&["os", "operating_system", "os_name"]),
            Cond::JoinedContains(&["operating_system"]),
        ]),
        category(OPERATING_SYSTEMS),
    ),
    rule(
        Cond::Joined(&["device", "device_type", "device_kind", "device_class"]),
        category(DEVICES),
    ),
    rule(
        Cond::Joined(&["screen", "screen_size", "resolution", "screen_resolution"]),
        category(SCREENS),
    ),
    rule(
        Cond::Any(&[
            Cond::Word(&["referrer", "referer"]),
            Cond::Joined(&["issuer", "icon", "logo"]),
        ]),
        text(TextKind::Url),
    ),
    rule(
        Cond::Joined(&["utm_source", "source_name"]),
        category(UTM_SOURCES),
    ),
    rule(Cond::Joined(&["utm_medium"]), category(UTM_MEDIA)),
    rule(
        Cond::Joined(&["utm_campaign", "utm_term", "utm_content"]),
        text(TextKind::Slug),
    ),
    rule(
        Cond::Any(&[
            Cond::Joined(&["gclid", "fbclid", "msclkid", "ttclid", "twclid", "dclid"]),
            Cond::Word(&["backup", "recovery"]),
            Cond::All(&[
                Cond::Last(&["id"]),
                Cond::Word(&["price", "plan", "product"]),
            ]),
        ]),
        Kind::Is(Semantic::Identifier),
    ),
    rule(
        Cond::Joined(&["theme", "color_scheme", "appearance"]),
        category(THEMES),
    ),
    rule(
        Cond::Joined(&["severity", "priority_level", "impact"]),
        category(SEVERITIES),
    ),
    rule(Cond::Joined(&["effect"]), category(EFFECTS)),
    rule(
        Cond::Joined(&["date_format", "datetime_format"]),
        category(DATE_FORMATS),
    ),
    rule(Cond::Joined(&["alg"]), category(JWT_ALGORITHMS)),
    rule(
        Cond::All(&[
            Cond::Last(&["timeout", "window", "ttl", "interval"]),
            Cond::Not(&Cond::Word(&["ms", "seconds", "secs", "minutes"])),
        ]),
        Kind::Is(Semantic::Pattern("[1-9][0-9]?(s|m|h)")),
    ),
    rule(
        Cond::Joined(&["realname", "real_name"]),
        text(TextKind::FullName),
    ),
    rule(
        Cond::Last(&["certificate", "cert", "pem"]),
        Kind::Is(Semantic::Pattern(
            "-----BEGIN CERTIFICATE-----\\n[A-Za-z0-9+/]{64}\\n-----END CERTIFICATE-----",
        )),
    ),
    rule(
        Cond::Word(&["cvss"]),
        Kind::Is(Semantic::Pattern(
            "CVSS:3\\.1/AV:[NALP]/AC:[LH]/PR:[NLH]/UI:[NR]/S:[UC]/C:[NLH]/I:[NLH]/A:[NLH]",
        )),
    ),
    rule(
        Cond::Any(&[
            Cond::Last(&["dn"]),
            Cond::JoinedContains(&["distinguished_name"]),
        ]),
        Kind::Is(Semantic::Pattern(
            "cn=[a-z]{4,8},ou=(people|groups),dc=example,dc=org",
        )),
    ),
    rule(
        Cond::Joined(&[
            "repository",
            "repo",
            "repository_name",
            "repo_name",
            "image",
        ]),
        Kind::Is(Semantic::Pattern("[a-z]{3,8}/[a-z]{3,10}")),
    ),
    rule(
        Cond::Joined(&["trigger", "trigger_type", "triggered_by"]),
        category(TRIGGERS),
    ),
    rule(Cond::Joined(&["health", "health_status"]), category(HEALTH)),
    rule(
        Cond::Joined(&["resource", "resource_path"]),
        text(TextKind::UrlPath),
    ),
    rule(Cond::Joined(&["scope"]), category(SCOPES)),
    rule(
        Cond::Joined(&["package", "package_name", "pkg"]),
        category(PACKAGES),
    ),
    // Numbers.
    rule(
        Cond::Word(&["latitude", "lat"]),
        Kind::Is(Semantic::Latitude),
    ),
    rule(
        Cond::Any(&[
            Cond::Word(&["longitude", "lng", "lon"]),
            Cond::All(&[Cond::Word(&["long"]), Cond::OneWord]),
        ]),
        Kind::Is(Semantic::Longitude),
    ),
    // `discount_pct` is a percentage, `tax_rate` too: the last word decides before `discount`.
    rule(
        Cond::Last(&["percent", "percentage", "pct"]),
        Kind::Is(Semantic::Percent),
    ),
    rule(
        Cond::Any(&[Cond::Last(&["month"]), Cond::Joined(&["month_of_year"])]),
        Kind::Is(Semantic::Count(1, 12)),
    ),
    // `begin_date_day`, `birth_day`: a day of the month that every month has.
    rule(
        Cond::Any(&[Cond::Last(&["day"]), Cond::Joined(&["day_of_month"])]),
        Kind::Is(Semantic::Measure(1, 28, false, "day of the month")),
    ),
    rule(
        Cond::Joined(&["population", "inhabitants"]),
        Kind::Is(Semantic::Measure(500, 20_000_000, true, "people")),
    ),
    rule(
        Cond::Word(&["expectancy"]),
        Kind::Is(Semantic::Measure(50, 85, false, "years")),
    ),
    rule(
        Cond::All(&[Cond::Word(&["revision"]), Cond::Last(&["number", "no"])]),
        Kind::Is(Semantic::Count(0, 12)),
    ),
    rule(
        Cond::All(&[
            Cond::Word(&[
                "price", "amount", "cost", "total", "subtotal", "fee", "balance", "revenue", "tax",
                "discount", "payment",
            ]),
            // `payment_provider`, `tax_code`, `provider_payment_id`: about money, not an amount.
            Cond::Not(&Cond::Last(NOT_AMOUNTS)),
        ]),
        Kind::Is(Semantic::Amount(1.0, 999.0)),
    ),
    rule(
        Cond::All(&[
            Cond::Any(&[
                Cond::Last(&["ms", "milliseconds"]),
                Cond::Word(&["millis", "milliseconds"]),
            ]),
            Cond::Table(&[
                "track", "tracks", "song", "songs", "episode", "episodes", "videos",
            ]),
        ]),
        Kind::Is(Semantic::Measure(90_000, 480_000, false, "milliseconds")),
    ),
    rule(
        Cond::Any(&[
            Cond::Last(&["ms", "milliseconds", "millis"]),
            Cond::Word(&["latency"]),
        ]),
        Kind::Is(Semantic::Measure(1, 30_000, true, "milliseconds")),
    ),
    rule(
        Cond::Any(&[
            Cond::Last(&["seconds", "secs"]),
            Cond::Joined(&["duration"]),
        ]),
        Kind::Is(Semantic::Measure(1, 7_200, true, "seconds")),
    ),
    rule(
        Cond::Any(&[
            Cond::Word(&["bytes", "filesize"]),
            Cond::JoinedContains(&["file_size", "byte_size", "content_length"]),
        ]),
        Kind::Is(Semantic::Measure(200, 20_000_000, true, "bytes")),
    ),
    rule(
        Cond::Joined(&["port"]),
        Kind::Is(Semantic::Measure(1024, 65_535, false, "port")),
    ),
    rule(
        Cond::Word(&["salary", "income", "wage"]),
        Kind::Is(Semantic::Amount(25_000.0, 180_000.0)),
    ),
    // How a product is packed (Northwind's `quantity_per_unit`), before quantities.
    rule(
        Cond::Joined(&["quantity_per_unit", "qty_per_unit"]),
        pattern("[1-9][0-9]? (boxes|bottles|bags|jars|pkgs) x [1-9][0-9]{1,2} (g|ml|pcs)"),
    ),
    rule(
        Cond::Any(&[
            Cond::Word(&["rating", "stars"]),
            Cond::All(&[Cond::Word(&["score"]), Cond::Not(&Cond::Word(&["credit"]))]),
        ]),
        Kind::Is(Semantic::Rating(1.0, 5.0)),
    ),
    rule(
        Cond::Any(&[
            Cond::Word(&["percent", "percentage", "pct", "ratio"]),
            Cond::All(&[Cond::Word(&["rate"]), Cond::Not(&Cond::Word(&["rating"]))]),
        ]),
        Kind::Is(Semantic::Percent),
    ),
    rule(
        Cond::All(&[Cond::Word(&["age"]), Cond::OneWord]),
        Kind::Is(Semantic::Age),
    ),
    rule(Cond::Word(&["year"]), Kind::Is(Semantic::Year)),
    rule(
        Cond::Any(&[
            Cond::Word(&[
                "quantity",
                "qty",
                "count",
                "stock",
                "inventory",
                "views",
                "clicks",
                "likes",
                "downloads",
                "visits",
                "attempts",
                "retries",
            ]),
            Cond::First(&["num"]),
            Cond::All(&[Cond::First(&["number"]), Cond::Not(&Cond::OneWord)]),
        ]),
        Kind::Is(Semantic::Count(0, 1000)),
    ),
    rule(
        Cond::Any(&[
            Cond::Word(&["weight", "grams", "height", "width", "size", "duration"]),
            Cond::All(&[Cond::Word(&["length"]), Cond::Not(&Cond::Word(&["char"]))]),
        ]),
        Kind::Is(Semantic::Count(1, 5000)),
    ),
    // Text of a known shape.
    rule(Cond::Last(&["regex", "regexp"]), category(REGEXES)),
    // `primary_key_column`, `sort_column`: the name of a column.
    rule(
        Cond::Last(&["column"]),
        pattern("[a-z]{3,9}_(id|name|code|date)"),
    ),
    rule(
        Cond::Joined(&["geodetic_datum", "datum", "spatial_reference"]),
        category(DATUMS),
    ),
    // `birth_place`, `pubplace`: a city.
    rule(Cond::Last(&["place"]), text(TextKind::City)),
    rule(
        Cond::Last(&["dimensions", "dimension"]),
        pattern("[1-9][0-9]?x[1-9][0-9]?(x[1-9][0-9]?)?"),
    ),
    rule(
        Cond::Any(&[
            Cond::Last(&["func"]),
            Cond::Joined(&["function_name", "handler"]),
        ]),
        pattern("(get|load|compute|fetch)_[a-z]{4,9}"),
    ),
    rule(
        Cond::Joined(&["custom_style", "custom_css", "css", "stylesheet"]),
        pattern("\\.[a-z]{4,8} \\{ color: #[0-9a-f]{6}; \\}"),
    ),
    // The plain-text alternative of a mail body.
    rule(
        Cond::Joined(&[
            "altbody",
            "alt_body",
            "plain_body",
            "text_body",
            "body_text",
        ]),
        text(TextKind::Paragraph),
    ),
    rule(Cond::Word(&["encryption"]), category(ENCRYPTIONS)),
    // paper_trail's `versions.whodunnit` (most Rails applications have it): the user's id.
    rule(Cond::Joined(&["whodunnit"]), pattern("[1-9][0-9]{0,4}")),
    rule(
        Cond::Joined(&["expression", "formula"]),
        pattern("(sum|round|max)\\([a-z]{4,8}( \\* [1-9])?\\)"),
    ),
    // A mail exchanger (`acls.mx`, `mx_record`): a host name.
    rule(
        Cond::Joined(&["mx", "mx_record", "mx_host"]),
        text(TextKind::Domain),
    ),
    rule(Cond::Last(&["residues"]), pattern("[ACGT]{30,80}")),
    rule(Cond::Joined(&["codon"]), pattern("[ACGT]{3}")),
    rule(Cond::Joined(&["aa"]), pattern("[ACDEFGHIKLMNPQRSTVWY]")),
    rule(
        Cond::Last(&["volume", "issue", "edition"]),
        pattern("[1-9][0-9]?"),
    ),
    rule(
        Cond::Last(&["pages"]),
        pattern("[1-9][0-9]{0,2}-[1-9][0-9]{2}"),
    ),
    rule(Cond::Joined(&["pyear"]), pattern("(19[5-9]|20[0-2])[0-9]")),
    rule(Cond::Last(&["mode"]), pattern("100(644|755)")),
    rule(
        Cond::Joined(&["cron"]),
        pattern("[1-5]?[0-9] [1-9] \\* \\* [0-6]"),
    ),
    rule(
        Cond::Last(&["branch"]),
        pattern("(main|feature/[a-z]{4,8}|fix/[a-z]{4,8})"),
    ),
    rule(
        Cond::Last(&["architecture", "arch"]),
        category(ARCHITECTURES),
    ),
    rule(Cond::Last(&["scopes"]), category(SCOPES)),
    rule(Cond::Joined(&["when"]), category(WHENS)),
    // Identifiers kept as text (`event_id`, not an event document), and encodings.
    rule(
        Cond::All(&[
            Cond::Last(ID_WORDS),
            Cond::Not(&Cond::Joined(&[
                "record_id",
                "row_id",
                "entity_id",
                "object_id",
                "resource_id",
                "target_id",
                "actor_id",
            ])),
            Cond::Not(&Cond::Suffixed(CHANGE_VERBS, &["_by_id", "_by_user_id"])),
        ]),
        Kind::Is(Semantic::Identifier),
    ),
    rule(Cond::Last(&["encoding"]), category(ENCODINGS)),
    // JSON documents.
    labelled(
        Cond::Word(&[
            "configuration",
            "config",
            "settings",
            "preferences",
            "prefs",
            "options",
        ]),
        Kind::Is(Semantic::JsonSettings),
        Label::Configuration,
    ),
    labelled(
        Cond::Any(&[
            Cond::Word(&["attributes", "properties", "metadata", "meta", "specs"]),
            Cond::All(&[Cond::Word(&["details"]), Cond::Not(&Cond::Word(&["text"]))]),
        ]),
        Kind::Is(Semantic::JsonAttributes),
        Label::Configuration,
    ),
    labelled(
        Cond::Joined(&["old_values", "new_values", "old_data", "new_data"]),
        Kind::Is(Semantic::JsonEvent),
        Label::AuditImage,
    ),
    labelled(
        Cond::Joined(&["event_type"]),
        Kind::Is(Semantic::JsonEvent),
        Label::AuditOperation,
    ),
    rule(
        Cond::Word(&[
            "payload",
            "event",
            "data",
            "context",
            "values",
            "actions",
            "conditions",
            "clientdict",
            "serverdict",
            "yaml",
        ]),
        Kind::Is(Semantic::JsonEvent),
    ),
    rule(
        Cond::Word(&["tags", "keywords", "labels", "categories"]),
        Kind::Is(Semantic::Tags),
    ),
    // Prose.
    rule(
        Cond::Word(&["body", "content", "bio", "changelog", "html", "markdown"]),
        text(TextKind::Paragraph),
    ),
    rule(
        Cond::Word(&[
            "description",
            "notes",
            "note",
            "comment",
            "comments",
            "summary",
            "about",
            "message",
            "remarks",
            "reason",
            "text",
            "details",
            "instructions",
            "error",
            "errors",
            "failure",
            "exception",
            "definition",
        ]),
        text(TextKind::Sentence),
    ),
    rule(
        Cond::Any(&[
            Cond::All(&[Cond::Word(TITLE_WORDS), Cond::Table(PERSON_TABLES)]),
            Cond::All(&[
                Cond::Joined(&["title", "name"]),
                Cond::Table(&["title", "titles", "job", "jobs", "position", "positions"]),
            ]),
        ]),
        text(TextKind::JobTitle),
    ),
    rule(Cond::Word(TITLE_WORDS), text(TextKind::Title)),
    labelled(
        Cond::Joined(&["table_name"]),
        Kind::NameOfTable,
        Label::AuditSubject,
    ),
    rule(Cond::Word(&["name", "label"]), Kind::NameOfTable),
    rule(
        Cond::Word(&["code", "ref", "reference"]),
        text(TextKind::Sku),
    ),
    // Categories.
    labelled(
        Cond::Joined(&["operation", "change_type"]),
        category(OPERATIONS),
        Label::AuditOperation,
    ),
    labelled(
        Cond::Joined(&["entity_type", "object_type", "resource_type", "target_type"]),
        text(TextKind::Word),
        Label::AuditSubject,
    ),
    rule(Cond::Word(&["status"]), category(STATUSES)),
    rule(Cond::Word(&["role"]), category(ROLES)),
    rule(Cond::Word(&["gender", "sex"]), category(GENDERS)),
    rule(Cond::Word(&["priority"]), category(PRIORITIES)),
    rule(Cond::Word(&["tier", "plan"]), category(PLANS)),
    rule(Cond::Word(&["level"]), category(LEVELS)),
    rule(Cond::Word(&["queue"]), category(QUEUES)),
    rule(Cond::Word(&["visibility"]), category(VISIBILITIES)),
    rule(Cond::Word(&["membership"]), category(MEMBERSHIPS)),
    rule(Cond::Word(&["environment"]), category(ENVIRONMENTS)),
    rule(Cond::Word(&["provider"]), category(PROVIDERS)),
    rule(Cond::Word(&["platform"]), category(PLATFORMS)),
    rule(Cond::Word(&["algorithm"]), category(ALGORITHMS)),
    rule(Cond::Word(&["encoding"]), category(ENCODINGS)),
    rule(
        Cond::Last(&["source", "medium", "channel"]),
        category(SOURCES),
    ),
    rule(Cond::Last(&["result", "outcome"]), category(RESULTS)),
    rule(Cond::Last(&["method"]), category(METHODS)),
    rule(Cond::Last(&["extension"]), category(EXTENSIONS)),
    rule(Cond::Word(&["kind", "type"]), category(TYPES)),
    rule(
        Cond::Word(&[
            "category",
            "operation",
            "carrier",
            "level",
            "genre",
            "tag",
            "keyword",
            "topic",
        ]),
        text(TextKind::Word),
    ),
    // Names only the document reads: nothing for the planner.
    // What a log line or a permission says was done: `audit_logs.action`, `rate_limits.action`.
    labelled(
        Cond::Joined(&["action", "verb"]),
        category(ACTIONS),
        Label::AuditOperation,
    ),
    labelled(
        Cond::Joined(&["op", "tg_op"]),
        category(OPERATIONS),
        Label::AuditOperation,
    ),
    labelled(
        Cond::Joined(&[
            "record_id",
            "row_id",
            "entity_id",
            "entity",
            "object_id",
            "relname",
            "resource_id",
            "target_id",
        ]),
        Kind::Is(Semantic::Identifier),
        Label::AuditSubject,
    ),
    labelled(
        Cond::Joined(&[
            "old_row",
            "new_row",
            "old_record",
            "new_record",
            "before",
            "after",
            "diff",
            "changes",
            "changeset",
            "old",
            "new",
        ]),
        Kind::Nothing,
        Label::AuditImage,
    ),
    // Who did it, kept as text: a user name (a key column to `users` is planned as a key).
    labelled(
        Cond::Joined(&["changed_by", "performed_by", "modified_by"]),
        text(TextKind::Username),
        Label::AuditActor,
    ),
    labelled(
        Cond::Joined(&["actor_id"]),
        Kind::Is(Semantic::Identifier),
        Label::AuditWho,
    ),
    labelled(Cond::Joined(&["actor"]), Kind::Nothing, Label::AuditWho),
    labelled(
        Cond::Suffixed(CHANGE_VERBS, &["_by"]),
        text(TextKind::Username),
        Label::Actor,
    ),
    labelled(
        Cond::Suffixed(CHANGE_VERBS, &["_by_id", "_by_user_id"]),
        Kind::Nothing,
        Label::Actor,
    ),
    // `quarantined_by`, `approved_by`, `assigned_by`: a user name.
    rule(Cond::Last(&["by"]), text(TextKind::Username)),
    labelled(
        Cond::Joined(&["removed", "trashed"]),
        Kind::Nothing,
        Label::DeletedFlag,
    ),
    labelled(
        Cond::Joined(&["revision", "revision_no", "revision_number", "rev"]),
        Kind::Nothing,
        Label::Version,
    ),
    // Identifiers kept as text, and short words.
    rule(
        Cond::Any(&[Cond::Last(ID_WORDS), Cond::First(&["external"])]),
        Kind::Is(Semantic::Identifier),
    ),
    rule(
        Cond::Last(&[
            "value",
            "synonym",
            "genus",
            "species",
            "abbreviation",
            "term",
            "suffix",
            "prefix",
            "program",
            "word",
            "phrase",
        ]),
        text(TextKind::Word),
    ),
];

/// Last words of identifiers.
const ID_WORDS: &[&str] = &[
    "id",
    "ids",
    "uid",
    "guid",
    "uuid",
    "jti",
    "jid",
    "xid",
    "identifier",
    "key",
    "number",
    "accession",
    "asin",
    "alias",
];

const fn pattern(p: &'static str) -> Kind {
    Kind::Is(Semantic::Pattern(p))
}

/// Last words of names about money that do not hold an amount.
const NOT_AMOUNTS: &[&str] = &[
    "provider",
    "id",
    "code",
    "name",
    "description",
    "method",
    "status",
    "type",
    "reference",
    "number",
    "currency",
    "mode",
    "source",
    "terms",
    "term",
    "footer",
    "header",
];
const GRANT_TYPES: &[(&str, u16)] = &[
    ("authorization_code", 60),
    ("refresh_token", 25),
    ("client_credentials", 15),
];
const AUDIENCES: &[(&str, u16)] = &[("authenticated", 90), ("anon", 10)];
const TOKEN_TYPES: &[(&str, u16)] = &[("bearer", 70), ("refresh", 20), ("access", 10)];
const CONTINENTS: &[(&str, u16)] = &[
    ("Europe", 30),
    ("Asia", 25),
    ("North America", 20),
    ("South America", 10),
    ("Africa", 10),
    ("Oceania", 5),
];
const ARCHITECTURES: &[(&str, u16)] = &[("amd64", 70), ("arm64", 25), ("s390x", 5)];
const SCOPES: &[(&str, u16)] = &[
    ("api", 50),
    ("read_user", 20),
    ("read_repository", 20),
    ("openid", 10),
];
const WHENS: &[(&str, u16)] = &[
    ("on_success", 70),
    ("always", 15),
    ("manual", 10),
    ("on_failure", 5),
];

const fn category(labels: &'static [(&'static str, u16)]) -> Kind {
    Kind::Is(Semantic::Category(labels))
}

// Label sets for categorical text, most frequent first (weights are relative frequencies).
const BROWSERS: &[(&str, u16)] = &[
    ("Chrome", 62),
    ("Safari", 20),
    ("Edge", 6),
    ("Firefox", 6),
    ("Samsung Internet", 3),
    ("Opera", 3),
];
const OPERATING_SYSTEMS: &[(&str, u16)] = &[
    ("Windows", 35),
    ("Android", 30),
    ("iOS", 18),
    ("macOS", 12),
    ("Linux", 5),
];
const DEVICES: &[(&str, u16)] = &[("desktop", 50), ("mobile", 44), ("tablet", 6)];
const SCREENS: &[(&str, u16)] = &[
    ("1920x1080", 30),
    ("390x844", 18),
    ("1366x768", 14),
    ("1440x900", 10),
    ("1536x864", 10),
    ("768x1024", 8),
    ("2560x1440", 10),
];
const UTM_SOURCES: &[(&str, u16)] = &[
    ("google", 40),
    ("newsletter", 20),
    ("twitter", 12),
    ("linkedin", 10),
    ("facebook", 10),
    ("partner", 8),
];
const UTM_MEDIA: &[(&str, u16)] = &[
    ("cpc", 30),
    ("email", 25),
    ("social", 20),
    ("organic", 15),
    ("referral", 10),
];
const THEMES: &[(&str, u16)] = &[("system", 50), ("light", 30), ("dark", 20)];
const SEVERITIES: &[(&str, u16)] = &[("low", 40), ("medium", 35), ("high", 18), ("critical", 7)];
const EFFECTS: &[(&str, u16)] = &[("allow", 80), ("deny", 20)];
const DATE_FORMATS: &[(&str, u16)] = &[
    ("yyyy-MM-dd", 40),
    ("MM/dd/yyyy", 30),
    ("dd/MM/yyyy", 20),
    ("dd.MM.yyyy", 10),
];
const OPERATIONS: &[(&str, u16)] = &[("UPDATE", 55), ("INSERT", 35), ("DELETE", 10)];
const ACTIONS: &[(&str, u16)] = &[
    ("update", 30),
    ("create", 25),
    ("view", 20),
    ("delete", 10),
    ("login", 10),
    ("export", 5),
];
const REGEXES: &[(&str, u16)] = &[
    ("^[a-z0-9-]+$", 30),
    ("\\d+\\.\\d+%", 25),
    ("^v\\d+\\.\\d+\\.\\d+$", 20),
    ("^(feature|fix)/.+$", 15),
    ("[A-Z]{2,4}-\\d+", 10),
];
const DATUMS: &[(&str, u16)] = &[("WGS84", 70), ("NAD83", 15), ("ETRS89", 10), ("GDA94", 5)];
const ENCRYPTIONS: &[(&str, u16)] = &[("aes-256-gcm", 60), ("chacha20-poly1305", 25), ("none", 15)];
const PASSWORD_SCHEMES: &[(&str, u16)] = &[("sha256", 60), ("bcrypt", 25), ("sha1", 15)];
const TRIGGERS: &[(&str, u16)] = &[("manual", 50), ("schedule", 35), ("event", 15)];
const HEALTH: &[(&str, u16)] = &[("healthy", 85), ("unhealthy", 10), ("unknown", 5)];
const PACKAGES: &[(&str, u16)] = &[
    ("openssl", 20),
    ("zlib", 15),
    ("curl", 15),
    ("glibc", 12),
    ("libxml2", 10),
    ("busybox", 10),
    ("bash", 8),
    ("sqlite", 10),
];
const JWT_ALGORITHMS: &[(&str, u16)] = &[("RS256", 60), ("ES256", 25), ("HS256", 10), ("EdDSA", 5)];
const STATUSES: &[(&str, u16)] = &[
    ("active", 60),
    ("pending", 15),
    ("completed", 10),
    ("inactive", 8),
    ("failed", 4),
    ("cancelled", 3),
];
const STATES: &[(&str, u16)] = &[
    ("open", 50),
    ("closed", 30),
    ("pending", 12),
    ("merged", 5),
    ("locked", 3),
];
const ROLES: &[(&str, u16)] = &[
    ("member", 70),
    ("editor", 12),
    ("viewer", 10),
    ("admin", 6),
    ("owner", 2),
];
const GENDERS: &[(&str, u16)] = &[
    ("female", 49),
    ("male", 48),
    ("non-binary", 2),
    ("unspecified", 1),
];
const PRIORITIES: &[(&str, u16)] = &[("normal", 60), ("low", 20), ("high", 15), ("urgent", 5)];
const PLANS: &[(&str, u16)] = &[("free", 60), ("basic", 20), ("pro", 15), ("enterprise", 5)];
const LEVELS: &[(&str, u16)] = &[
    ("beginner", 45),
    ("intermediate", 35),
    ("advanced", 15),
    ("expert", 5),
];
const QUEUES: &[(&str, u16)] = &[
    ("default", 60),
    ("mailers", 15),
    ("low", 15),
    ("critical", 10),
];
const VISIBILITIES: &[(&str, u16)] = &[("public", 60), ("private", 30), ("internal", 10)];
const MEMBERSHIPS: &[(&str, u16)] = &[
    ("join", 70),
    ("leave", 15),
    ("invite", 10),
    ("ban", 4),
    ("knock", 1),
];
const ENVIRONMENTS: &[(&str, u16)] = &[
    ("production", 50),
    ("staging", 25),
    ("development", 20),
    ("test", 5),
];
const PROVIDERS: &[(&str, u16)] = &[
    ("github", 40),
    ("google", 30),
    ("gitlab", 15),
    ("saml", 10),
    ("ldap", 5),
];
const PLATFORMS: &[(&str, u16)] = &[
    ("linux", 35),
    ("android", 25),
    ("ios", 20),
    ("windows", 12),
    ("macos", 8),
];
const ALGORITHMS: &[(&str, u16)] = &[("sha256", 50), ("ed25519", 25), ("sha512", 15), ("rsa", 10)];
const ENCODINGS: &[(&str, u16)] = &[("json", 60), ("utf-8", 30), ("base64", 10)];
const SOURCES: &[(&str, u16)] = &[
    ("web", 50),
    ("api", 20),
    ("mobile", 15),
    ("import", 10),
    ("email", 5),
];
const RESULTS: &[(&str, u16)] = &[("success", 80), ("failure", 15), ("skipped", 5)];
const METHODS: &[(&str, u16)] = &[
    ("GET", 60),
    ("POST", 25),
    ("PUT", 8),
    ("DELETE", 5),
    ("PATCH", 2),
];
const EXTENSIONS: &[(&str, u16)] = &[
    ("pdf", 30),
    ("jpg", 25),
    ("png", 20),
    ("txt", 10),
    ("csv", 10),
    ("zip", 5),
];
const TYPES: &[(&str, u16)] = &[
    ("standard", 55),
    ("custom", 20),
    ("internal", 12),
    ("external", 8),
    ("other", 5),
];

/// Stages a record (an order, a payment, a job) passes through, in order. A status label at
/// stage n has passed stages 1..=n; a timestamp or date named by a stage's words is set once
/// the row's status has reached that stage (`shipped_at` for `shipped` and `delivered`, never
/// for `pending`). Stage 0 is where every record starts.
pub const STAGES: &[(&[&str], &[&str])] = &[
    (
        &[
            "pending",
            "new",
            "created",
            "placed",
            "open",
            "draft",
            "submitted",
            "ordered",
            "requested",
            "queued",
            "waiting",
            "unpaid",
            "awaiting_payment",
            "scheduled",
        ],
        &[
            "placed",
            "ordered",
            "submitted",
            "requested",
            "queued",
            "order",
            "opened",
        ],
    ),
    (
        &[
            "paid",
            "confirmed",
            "processing",
            "authorized",
            "authorised",
            "accepted",
            "approved",
            "started",
            "in_progress",
            "running",
            "packed",
        ],
        &[
            "paid",
            "payment",
            "confirmed",
            "authorized",
            "authorised",
            "accepted",
            "approved",
            "started",
            "processed",
        ],
    ),
    (
        &[
            "shipped",
            "dispatched",
            "in_transit",
            "sent",
            "out_for_delivery",
        ],
        &["shipped", "ship", "dispatched", "sent", "shipment"],
    ),
    (
        &[
            "delivered",
            "completed",
            "complete",
            "fulfilled",
            "done",
            "closed",
            "finished",
            "resolved",
            "succeeded",
            "success",
            "received",
        ],
        &[
            "delivered",
            "delivery",
            "completed",
            "completion",
            "fulfilled",
            "finished",
            "closed",
            "resolved",
            "done",
            "received",
        ],
    ),
];

/// Statuses off the path of [`STAGES`]: a record in one of them has reached only its own
/// stage, and the timestamp named by its words is set exactly then (`cancelled_at`).
pub const END_STATES: &[(&[&str], &[&str])] = &[
    (
        &["cancelled", "canceled"],
        &["cancelled", "canceled", "cancellation"],
    ),
    (&["refunded"], &["refunded", "refund"]),
    (&["failed", "error", "errored"], &["failed", "failure"]),
    (
        &["rejected", "declined"],
        &["rejected", "declined", "rejection"],
    ),
    (&["returned"], &["returned", "return"]),
    (&["expired"], &["expired", "expiry"]),
    (&["voided", "void"], &["voided"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_case_and_separators() {
        assert_eq!(words("contactEmail"), vec!["contact", "email"]);
        assert_eq!(words("created_at"), vec!["created", "at"]);
        assert_eq!(words("HTTPStatusCode"), vec!["http", "status", "code"]);
        assert_eq!(words("Straße"), vec!["straße"]);
    }

    /// A label never contradicts the kind of its rule: what the document calls a creation time
    /// the planner generates as one, and so on.
    #[test]
    fn labels_agree_with_kinds() {
        for (i, r) in RULES.iter().enumerate() {
            let Some(label) = r.label else { continue };
            let kind = match r.kind {
                Kind::Is(s) => Some(s),
                _ => None,
            };
            let ok = match label {
                Label::Created => kind == Some(Semantic::Created),
                Label::Updated => kind == Some(Semantic::Updated),
                Label::DeletedAt => kind == Some(Semantic::Deleted),
                Label::DeletedFlag => kind.is_none() || matches!(kind, Some(Semantic::Flag(_))),
                Label::Version => kind.is_none() || kind == Some(Semantic::Text(TextKind::Version)),
                Label::Configuration => {
                    matches!(
                        kind,
                        Some(Semantic::JsonSettings | Semantic::JsonAttributes)
                    )
                }
                _ => true,
            };
            assert!(ok, "rule {i}: {label:?} with {:?}", r.kind);
        }
    }

    #[test]
    fn compounds_and_abbreviations_read_like_words() {
        assert_eq!(read("emailaddress"), ["email", "address"]);
        assert_eq!(read("purchaseordernumber"), ["purchase", "order", "number"]);
        assert_eq!(read("loginid"), ["login", "id"]);
        assert_eq!(read("nationalidnumber"), ["national", "id", "number"]);
        assert_eq!(read("fname"), ["first", "name"]);
        assert_eq!(read("ship_addr"), ["ship", "address"]);
        // Known words and short ones stay whole; a split needs words of three letters or more.
        assert_eq!(read("username"), ["username"]);
        assert_eq!(read("canon"), ["canon"]);
    }

    #[test]
    fn names_read_like_a_person_reads_them() {
        let kind = |t: &str, c: &str| meaning(t, c).semantic;
        let text = |k| Some(Semantic::Text(k));
        assert_eq!(kind("person", "emailaddress"), text(TextKind::Email));
        assert_eq!(kind("person", "phonenumber"), text(TextKind::Phone));
        // OpenStreetMap: tags as `k`/`v`, the password in `pass_crypt`.
        assert_eq!(kind("node_tags", "k"), text(TextKind::Word));
        assert_eq!(kind("node_tags", "v"), text(TextKind::Word));
        assert_eq!(kind("users", "pass_crypt"), text(TextKind::PasswordHash));
        assert!(matches!(
            kind("harbor_user", "password_version"),
            Some(Semantic::Category(_))
        ));
        assert_eq!(kind("oauth_clients", "redirect_uris"), text(TextKind::Url));
        assert_eq!(
            kind("artifact", "extra_attrs"),
            Some(Semantic::JsonAttributes)
        );
        assert!(matches!(
            kind("language", "iso_code_2t"),
            Some(Semantic::Pattern(_))
        ));
        // About money, not an amount.
        assert_ne!(
            kind("customers", "payment_provider"),
            Some(Semantic::Amount(1.0, 999.0))
        );
        assert_eq!(
            kind("fees", "amount_cents"),
            Some(Semantic::Amount(1.0, 999.0))
        );
        assert_eq!(kind("employee", "jobtitle"), text(TextKind::JobTitle));
        // AdventureWorks, world, the airline demo and the employees sample.
        assert_eq!(kind("address", "addressline2"), text(TextKind::Street));
        assert_eq!(kind("tickets", "passenger_name"), text(TextKind::FullName));
        assert_eq!(
            kind("productreview", "reviewername"),
            text(TextKind::FullName)
        );
        assert_eq!(kind("city", "name"), text(TextKind::City));
        assert_eq!(kind("country", "name"), text(TextKind::Country));
        assert_eq!(kind("countryregion", "name"), text(TextKind::Country));
        assert_eq!(kind("stateprovince", "name"), text(TextKind::State));
        assert_eq!(kind("title", "title"), text(TextKind::JobTitle));
        assert_eq!(kind("creditcard", "expmonth"), Some(Semantic::Count(1, 12)));
        // What was done, by whom, and text of a known shape (the corpus's last filler columns).
        assert_eq!(
            kind("audit_logs", "action"),
            Some(Semantic::Category(ACTIONS))
        );
        assert_eq!(
            kind("push_rules_stream", "op"),
            Some(Semantic::Category(OPERATIONS))
        );
        assert_eq!(kind("media", "quarantined_by"), text(TextKind::Username));
        assert_eq!(kind("audit", "changed_by"), text(TextKind::Username));
        assert_eq!(kind("posts", "created_by_id"), None);
        assert_eq!(
            kind("ci_builds", "coverage_regex"),
            Some(Semantic::Category(REGEXES))
        );
        assert_eq!(
            kind("geolocation", "geodetic_datum"),
            Some(Semantic::Category(DATUMS))
        );
        assert_eq!(kind("person", "birth_place"), text(TextKind::City));
        assert!(matches!(
            kind("products", "quantity_per_unit"),
            Some(Semantic::Pattern(_))
        ));
        assert_eq!(
            kind("products", "price_per_unit"),
            Some(Semantic::Amount(1.0, 999.0))
        );
        assert_eq!(kind("campaigns", "altbody"), text(TextKind::Paragraph));
        assert!(matches!(
            kind("versions", "whodunnit"),
            Some(Semantic::Pattern(_))
        ));
        assert_eq!(kind("acls", "mx"), text(TextKind::Domain));
        assert_eq!(kind("creditcard", "expyear"), Some(Semantic::Year));
        assert_eq!(kind("specialoffer", "discountpct"), Some(Semantic::Percent));
        assert_eq!(
            kind("vendor", "purchasingwebserviceurl"),
            text(TextKind::Url)
        );
        assert_eq!(
            kind("productphoto", "thumbnailphotofilename"),
            text(TextKind::FileName)
        );
        assert_eq!(
            kind("shoppingcartitem", "shoppingcartid"),
            Some(Semantic::Identifier)
        );
        assert!(matches!(
            kind("salesorderheader", "creditcardapprovalcode"),
            Some(Semantic::Pattern(_))
        ));
        assert_eq!(kind("users", "user_name"), text(TextKind::Username));
        // Web applications: umami, supabase auth, harbor, hatchet (tried by a helper).
        assert!(matches!(
            kind("session", "browser"),
            Some(Semantic::Category(_))
        ));
        assert!(matches!(kind("session", "os"), Some(Semantic::Category(_))));
        assert!(matches!(
            kind("vulnerability", "severity"),
            Some(Semantic::Category(_))
        ));
        assert_eq!(kind("website_event", "gclid"), Some(Semantic::Identifier));
        assert_eq!(kind("subscription", "priceId"), Some(Semantic::Identifier));
        assert_eq!(kind("providers", "issuer"), text(TextKind::Url));
        assert!(matches!(
            kind("step", "stepTimeout"),
            Some(Semantic::Pattern(_))
        ));
        assert_eq!(kind("person", "middlename"), text(TextKind::FullName));
        assert_eq!(kind("employee", "loginid"), text(TextKind::Username));
        assert_eq!(
            kind("password", "passwordhash"),
            text(TextKind::PasswordHash)
        );
        assert_eq!(
            kind("employee", "nationalidnumber"),
            text(TextKind::NationalId)
        );
        assert_eq!(kind("t", "purchaseordernumber"), Some(Semantic::Identifier));
        assert_eq!(kind("t", "order_qty"), Some(Semantic::Count(0, 1000)));
        assert_eq!(kind("t", "line_amt"), Some(Semantic::Amount(1.0, 999.0)));
        assert_eq!(kind("t", "dob"), Some(Semantic::BirthDate));
        assert_eq!(kind("t", "zip"), text(TextKind::PostCode));
        assert_eq!(kind("t", "tel"), text(TextKind::Phone));
        assert_eq!(kind("t", "lname"), text(TextKind::LastName));
        assert_eq!(kind("products", "name"), text(TextKind::ProductName));
        assert_eq!(kind("genres", "name"), text(TextKind::Word));
        assert_eq!(kind("users", "name"), text(TextKind::FullName));
        assert_eq!(kind("employees", "title"), text(TextKind::JobTitle));
    }

    #[test]
    fn numbers_by_meaning() {
        let kind = |t: &str, c: &str| meaning(t, c).semantic;
        let measure = |t: &str, c: &str| match kind(t, c) {
            Some(Semantic::Measure(lo, hi, _, what)) => Some((lo, hi, what)),
            _ => None,
        };
        // A track lasts minutes, not 714 ms; a latency is mostly small.
        assert_eq!(
            measure("Track", "Milliseconds"),
            Some((90_000, 480_000, "milliseconds"))
        );
        assert_eq!(
            measure("requests", "latency_ms"),
            Some((1, 30_000, "milliseconds"))
        );
        assert_eq!(measure("t", "port"), Some((1024, 65_535, "port")));
        assert_eq!(measure("t", "Bytes"), Some((200, 20_000_000, "bytes")));
        assert_eq!(measure("t", "duration"), Some((1, 7_200, "seconds")));
        assert_eq!(kind("t", "age"), Some(Semantic::Age));
        assert_eq!(kind("t", "year"), Some(Semantic::Year));
        assert_eq!(kind("t", "latitude"), Some(Semantic::Latitude));
    }

    #[test]
    fn identifiers_and_categories() {
        let kind = |t: &str, c: &str| meaning(t, c).semantic;
        for c in [
            "external_customer_id",
            "transaction_id",
            "event_id",
            "api_key",
            "catalog_number",
            "invoice_no",
        ] {
            assert_eq!(kind("t", c), Some(Semantic::Identifier), "{c}");
        }
        assert_eq!(kind("t", "status"), Some(Semantic::Category(STATUSES)));
        assert_eq!(kind("issues", "state"), Some(Semantic::Category(STATES)));
        assert_eq!(
            kind("customers", "state"),
            Some(Semantic::Text(TextKind::State))
        );
        assert_eq!(
            kind("t", "billing_state"),
            Some(Semantic::Text(TextKind::State))
        );
        assert_eq!(kind("t", "record_type"), Some(Semantic::Category(TYPES)));
        assert_eq!(kind("t", "gender"), Some(Semantic::Category(GENDERS)));
        assert_eq!(kind("jobs", "queue"), Some(Semantic::Category(QUEUES)));
        assert_eq!(
            kind("t", "data_encoding"),
            Some(Semantic::Category(ENCODINGS))
        );
        // Labels agree with audit trails still.
        assert_eq!(
            meaning("t", "created_by_id").label(Family::Other),
            Some(Label::Actor)
        );
    }

    #[test]
    fn labels_fit_their_type_family() {
        let m = meaning("t", "deleted_at");
        assert_eq!(m.semantic, Some(Semantic::Deleted));
        assert_eq!(m.label(Family::Time), Some(Label::DeletedAt));
        assert_eq!(m.label(Family::Boolean), None);
        assert_eq!(
            meaning("t", "isDeleted").label(Family::Boolean),
            Some(Label::DeletedFlag)
        );
        assert_eq!(
            meaning("t", "Updated_By_Id").label(Family::Other),
            Some(Label::Actor)
        );
        assert_eq!(meaning("t", "referred_by").label(Family::Other), None);
        let m = meaning("users", "table_name");
        assert_eq!(m.semantic, Some(Semantic::Text(TextKind::FullName)));
        assert_eq!(m.label(Family::Other), Some(Label::AuditSubject));
        assert_eq!(meaning("t", "email").pii, Some(Pii::Email));
        assert_eq!(meaning("t", "birth_date").pii, Some(Pii::DateOfBirth));
        assert_eq!(meaning("t", "zzz"), meaning("t", ""));
    }
}
