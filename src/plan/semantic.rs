//! What a column's name (and its table's name) says about its values.
//!
//! Matching is on words: `contactEmail`, `contact_email` and `EMAIL` all contain the word
//! `email`. The result is a [`Semantic`] hint; the planner checks it against the column's type
//! and constraints before using it.

use crate::values::text::TextKind;

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

/// Infer a hint from the column and table names.
pub fn infer(table: &str, column: &str) -> Option<Semantic> {
    let w = words(column);
    let has = |x: &str| w.iter().any(|v| v == x);
    let first = w.first().map(String::as_str).unwrap_or("");
    let last = w.last().map(String::as_str).unwrap_or("");
    let joined = w.join("_");
    let table_words = words(table);
    let table_last = table_words.last().map(String::as_str).unwrap_or("");
    let in_tables = |list: &[&str]| list.contains(&table_last);
    use Semantic as S;
    use TextKind as K;

    // Timestamps and dates first: `email_verified_at` is a time, not an email.
    if last == "at"
        || last == "on"
        || last == "date"
        || last == "time"
        || last == "ts"
        || has("timestamp")
    {
        return Some(
            if has("created")
                || has("inserted")
                || has("registered")
                || has("signup")
                || has("joined")
                || has("hired")
                || has("placed")
                || has("applied")
                || has("occurred")
                || has("viewed")
                || has("started")
                || has("opened")
            {
                S::Created
            } else if has("updated") || has("modified") || has("changed") || has("edited") {
                S::Updated
            } else if has("deleted")
                || has("removed")
                || has("archived")
                || has("cancelled")
                || has("canceled")
                || has("left")
                || has("ended")
                || has("closed")
                || has("discontinued")
            {
                S::Deleted
            } else if has("birth") || has("dob") {
                S::BirthDate
            } else {
                S::LaterEvent
            },
        );
    }
    if has("birthday") || has("dob") || joined.contains("birth_date") || joined == "birthdate" {
        return Some(S::BirthDate);
    }
    if first == "is" || first == "has" || first == "can" || first == "should" {
        return Some(S::Flag(flag_probability(&w)));
    }
    if w.len() == 1 {
        match first {
            "active" | "enabled" | "visible" | "available" | "approved" | "confirmed" => {
                return Some(S::Flag(0.85));
            }
            "verified" | "published" | "featured" | "public" => return Some(S::Flag(0.6)),
            "deleted" | "archived" | "disabled" | "banned" | "locked" | "blocked"
            | "discontinued" => return Some(S::Flag(0.05)),
            _ => {}
        }
    }
    if has("ip") || joined.contains("ip_address") || has("ipaddr") || joined.contains("remote_addr")
    {
        return Some(S::Text(K::Ipv4));
    }
    if has("email") || has("mail") && !has("mailing") {
        return Some(S::Text(K::Email));
    }
    if has("username")
        || has("login")
        || has("handle")
        || has("nickname")
        || joined == "user_name"
        || joined == "screen_name"
    {
        return Some(S::Text(K::Username));
    }
    if joined.contains("first_name")
        || has("firstname")
        || has("forename")
        || joined.contains("given_name")
    {
        return Some(S::Text(K::FirstName));
    }
    if joined.contains("last_name")
        || has("lastname")
        || has("surname")
        || joined.contains("family_name")
    {
        return Some(S::Text(K::LastName));
    }
    if joined.contains("full_name")
        || has("fullname")
        || joined.contains("display_name")
        || joined.contains("contact_name")
        || (first == "author" && w.len() == 1)
    {
        return Some(S::Text(K::FullName));
    }
    if has("phone")
        || has("mobile")
        || has("tel")
        || has("telephone")
        || has("fax")
        || has("cell")
        || joined == "msisdn"
    {
        return Some(S::Text(K::Phone));
    }
    if has("ssn")
        || joined.contains("national_id")
        || joined.contains("social_security")
        || joined.contains("tax_id")
    {
        return Some(S::Text(K::NationalId));
    }
    if has("card") && (has("number") || has("no") || has("num"))
        || joined == "pan"
        || joined.contains("credit_card")
    {
        return Some(S::Text(K::CardNumber));
    }
    if has("iban") {
        return Some(S::Text(K::Iban));
    }
    if has("password") || has("pwd") || has("passwd") {
        return Some(S::Text(K::PasswordHash));
    }
    if has("street")
        || joined.contains("address_line")
        || (has("address") && !has("ip") && !has("email") && !has("mac"))
        || has("addr") && !has("ip")
    {
        return Some(S::Text(K::Street));
    }
    if has("city") || has("town") {
        return Some(S::Text(K::City));
    }
    if has("state") && !has("status") || has("province") || has("region") || has("county") {
        return Some(S::Text(K::State));
    }
    if has("country") {
        return Some(S::Text(if has("code") || has("iso") || has("iso2") {
            K::CountryCode
        } else {
            K::Country
        }));
    }
    if has("zip") || has("zipcode") || has("postcode") || has("postal") {
        return Some(S::Text(K::PostCode));
    }
    if has("company")
        || has("organization")
        || has("organisation")
        || has("employer")
        || has("vendor")
        || has("supplier")
        || has("manufacturer")
        || has("brand")
    {
        return Some(S::Text(K::Company));
    }
    if joined.contains("job_title")
        || has("occupation")
        || has("profession")
        || has("position") && !has("sort")
    {
        return Some(S::Text(K::JobTitle));
    }
    if has("ip") || joined.contains("ip_address") || has("ipaddr") || joined.contains("remote_addr")
    {
        return Some(S::Text(K::Ipv4));
    }
    if joined.contains("user_agent") || has("useragent") {
        return Some(S::Text(K::UserAgent));
    }
    if has("url")
        || has("website")
        || has("homepage")
        || has("link")
        || has("href")
        || has("avatar")
        || has("image")
        || has("photo")
    {
        return Some(S::Text(K::Url));
    }
    if has("domain") || has("hostname") || has("host") {
        return Some(S::Text(K::Domain));
    }
    if has("path")
        && (has("url")
            || in_tables(&["page_views", "views", "requests", "visits"])
            || w.len() == 1 && !has("file"))
    {
        return Some(S::Text(K::UrlPath));
    }
    if has("slug") || has("permalink") {
        return Some(S::Text(K::Slug));
    }
    if has("sku") || has("barcode") {
        return Some(S::Text(K::Sku));
    }
    if has("isbn") {
        return Some(S::Text(K::Isbn));
    }
    if has("currency") {
        return Some(S::Text(K::CurrencyCode));
    }
    if has("locale") {
        return Some(S::Text(K::LocaleTag));
    }
    if has("language") || has("lang") {
        return Some(S::Text(K::Language));
    }
    if has("timezone") || joined.contains("time_zone") || joined == "tz" {
        return Some(S::Text(K::Timezone));
    }
    if has("color") || has("colour") {
        return Some(S::Text(K::Color));
    }
    if has("mime") || joined.contains("content_type") || joined.contains("media_type") {
        return Some(S::Text(K::MimeType));
    }
    if joined.contains("file_name") || has("filename") {
        return Some(S::Text(K::FileName));
    }
    if has("path") || joined.contains("file_path") || has("filepath") {
        return Some(S::Text(K::FilePath));
    }
    if has("version") || has("semver") || has("release") {
        return Some(S::Text(K::Version));
    }
    if has("hash")
        || has("checksum")
        || has("sha")
        || has("digest")
        || has("token")
        || has("secret")
    {
        return Some(S::Text(K::Hex));
    }
    if has("latitude") || has("lat") {
        return Some(S::Latitude);
    }
    if has("longitude") || has("lng") || has("lon") || has("long") && w.len() == 1 {
        return Some(S::Longitude);
    }
    if has("price")
        || has("amount")
        || has("cost")
        || has("total")
        || has("subtotal")
        || has("fee")
        || has("balance")
        || has("revenue")
        || has("tax")
        || has("discount")
        || has("payment")
    {
        return Some(S::Amount(1.0, 999.0));
    }
    if has("salary") || has("income") || has("wage") {
        return Some(S::Amount(25_000.0, 180_000.0));
    }
    if has("rating") || has("stars") || has("score") && !has("credit") {
        return Some(S::Rating(1.0, 5.0));
    }
    if has("percent")
        || has("percentage")
        || has("pct")
        || has("ratio")
        || has("rate") && !has("rating")
    {
        return Some(S::Percent);
    }
    if has("age") && w.len() == 1 {
        return Some(S::Age);
    }
    if has("year") {
        return Some(S::Year);
    }
    if has("quantity")
        || has("qty")
        || has("count")
        || has("stock")
        || has("inventory")
        || has("views")
        || has("clicks")
        || has("likes")
        || has("downloads")
        || has("visits")
        || first == "num"
        || has("attempts")
        || has("retries")
    {
        return Some(S::Count(0, 1000));
    }
    if has("weight")
        || has("grams")
        || has("height")
        || has("width")
        || has("length") && !has("char")
        || has("size")
        || has("duration")
    {
        return Some(S::Count(1, 5000));
    }
    if has("configuration")
        || has("config")
        || has("settings")
        || has("preferences")
        || has("prefs")
        || has("options")
    {
        return Some(S::JsonSettings);
    }
    if has("attributes")
        || has("properties")
        || has("metadata")
        || has("meta")
        || has("specs")
        || has("details") && !has("text")
    {
        return Some(S::JsonAttributes);
    }
    if has("payload") || has("event") || has("data") || has("context") || has("values") {
        return Some(S::JsonEvent);
    }
    if has("tags") || has("keywords") || has("labels") || has("categories") {
        return Some(S::Tags);
    }
    if has("description")
        || has("notes")
        || has("note")
        || has("comment")
        || has("comments")
        || has("body")
        || has("content")
        || has("summary")
        || has("bio")
        || has("about")
        || has("message")
        || has("changelog")
        || has("remarks")
        || has("reason")
        || has("text")
        || has("details")
        || has("instructions")
    {
        return Some(S::Text(
            if has("body") || has("content") || has("bio") || has("changelog") {
                K::Paragraph
            } else {
                K::Sentence
            },
        ));
    }
    if has("title") || has("headline") || has("subject") || has("heading") || has("caption") {
        if in_tables(PERSON_TABLES) {
            return Some(S::Text(K::JobTitle));
        }
        return Some(S::Text(K::Title));
    }
    if has("name") || has("label") {
        return Some(S::Text(if in_tables(PERSON_TABLES) {
            K::FullName
        } else if in_tables(COMPANY_TABLES) {
            K::Company
        } else if in_tables(PRODUCT_TABLES) {
            K::ProductName
        } else if in_tables(WORD_TABLES) || has("label") {
            K::Word
        } else {
            K::Title
        }));
    }
    if has("code") || has("ref") || has("reference") {
        return Some(S::Text(K::Sku));
    }
    if has("category")
        || has("kind")
        || has("type")
        || has("status")
        || has("role")
        || has("tier")
        || has("plan")
        || has("operation")
        || has("carrier")
        || has("level")
        || has("genre")
        || has("tag")
        || has("keyword")
        || has("topic")
    {
        return Some(S::Text(K::Word));
    }
    None
}

fn flag_probability(w: &[String]) -> f64 {
    let has = |x: &str| w.iter().any(|v| v == x);
    if has("deleted")
        || has("archived")
        || has("banned")
        || has("blocked")
        || has("locked")
        || has("test")
        || has("admin")
    {
        0.05
    } else if has("active") || has("enabled") || has("visible") || has("available") {
        0.85
    } else {
        0.5
    }
}

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

    #[test]
    fn common_columns() {
        use TextKind as K;
        assert_eq!(infer("users", "email"), Some(Semantic::Text(K::Email)));
        assert_eq!(
            infer("users", "contactEmail"),
            Some(Semantic::Text(K::Email))
        );
        assert_eq!(
            infer("users", "email_verified_at"),
            Some(Semantic::LaterEvent)
        );
        assert_eq!(infer("users", "name"), Some(Semantic::Text(K::FullName)));
        assert_eq!(infer("companies", "name"), Some(Semantic::Text(K::Company)));
        assert_eq!(
            infer("products", "name"),
            Some(Semantic::Text(K::ProductName))
        );
        assert_eq!(infer("orders", "created_at"), Some(Semantic::Created));
        assert_eq!(infer("orders", "updatedAt"), Some(Semantic::Updated));
        assert_eq!(infer("t", "deleted_at"), Some(Semantic::Deleted));
        assert_eq!(infer("t", "is_active"), Some(Semantic::Flag(0.85)));
        assert_eq!(infer("t", "published"), Some(Semantic::Flag(0.6)));
        assert_eq!(infer("t", "unit_price"), Some(Semantic::Amount(1.0, 999.0)));
        assert_eq!(infer("t", "usage_count"), Some(Semantic::Count(0, 1000)));
        assert_eq!(
            infer("t", "country_code"),
            Some(Semantic::Text(K::CountryCode))
        );
        assert_eq!(infer("t", "ip_address"), Some(Semantic::Text(K::Ipv4)));
        assert_eq!(infer("t", "last_login_ip"), Some(Semantic::Text(K::Ipv4)));
        assert_eq!(infer("t", "configuration"), Some(Semantic::JsonSettings));
        assert_eq!(infer("t", "zzz"), None);
    }
}
