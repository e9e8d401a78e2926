//! Realistic, privacy-safe text: names, addresses, companies, words from the `fake` crate's word
//! lists (synthetic combinations, never a real person's record), and contact details from
//! ranges reserved for examples and fiction:
//!
//! | kind | source |
//! |---|---|
//! | email, url, domain | `example.com` / `example.org` / `example.net` and the `.example` TLD (RFC 2606, RFC 6761) |
//! | phone | `555-0100`–`555-0199`, the North American range reserved for fiction |
//! | IPv4 / IPv6 | 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (RFC 5737); 2001:db8::/32 (RFC 3849) |
//! | card number | the payment networks' published test numbers |
//! | national id | area 666, never issued as a US SSN |

use std::fmt::Write;

use fake::Fake;
use fake::locales::{DE_DE, EN, FR_FR, IT_IT, NL_NL, PT_BR};
use rand::{Rng, RngExt};
use serde::Serialize;

/// Locales we offer (those of `fake` with complete name and address lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Locale {
    En,
    FrFr,
    DeDe,
    ItIt,
    PtBr,
    NlNl,
}

impl Locale {
    pub fn parse(s: &str) -> Option<Locale> {
        Some(match s.to_ascii_lowercase().replace('-', "_").as_str() {
            "en" | "en_us" | "en_gb" => Locale::En,
            "fr" | "fr_fr" => Locale::FrFr,
            "de" | "de_de" => Locale::DeDe,
            "it" | "it_it" => Locale::ItIt,
            "pt" | "pt_br" => Locale::PtBr,
            "nl" | "nl_nl" => Locale::NlNl,
            _ => return None,
        })
    }
}

/// Call a `fake` faker with the runtime locale.
macro_rules! localized {
    ($loc:expr, $rng:expr, $($faker:ident)::+) => {
        match $loc {
            Locale::En => $($faker)::+(EN).fake_with_rng::<String, _>($rng),
            Locale::FrFr => $($faker)::+(FR_FR).fake_with_rng::<String, _>($rng),
            Locale::DeDe => $($faker)::+(DE_DE).fake_with_rng::<String, _>($rng),
            Locale::ItIt => $($faker)::+(IT_IT).fake_with_rng::<String, _>($rng),
            Locale::PtBr => $($faker)::+(PT_BR).fake_with_rng::<String, _>($rng),
            Locale::NlNl => $($faker)::+(NL_NL).fake_with_rng::<String, _>($rng),
        }
    };
}

/// Semantic text kinds, chosen from a column's name (see `plan::semantic`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextKind {
    FirstName,
    LastName,
    FullName,
    Username,
    Email,
    Phone,
    Street,
    City,
    State,
    Country,
    CountryCode,
    PostCode,
    Company,
    JobTitle,
    Url,
    UrlPath,
    Domain,
    Ipv4,
    UserAgent,
    Title,
    ProductName,
    Sentence,
    Paragraph,
    Word,
    Words,
    Slug,
    Sku,
    CurrencyCode,
    Language,
    /// A language tag such as `en-GB`.
    LocaleTag,
    Timezone,
    Color,
    FileName,
    FilePath,
    MimeType,
    Version,
    CardNumber,
    NationalId,
    PasswordHash,
    Hex,
    Isbn,
    Iban,
}

impl TextKind {
    pub const ALL: &'static [TextKind] = &[
        TextKind::FirstName,
        TextKind::LastName,
        TextKind::FullName,
        TextKind::Username,
        TextKind::Email,
        TextKind::Phone,
        TextKind::Street,
        TextKind::City,
        TextKind::State,
        TextKind::Country,
        TextKind::CountryCode,
        TextKind::PostCode,
        TextKind::Company,
        TextKind::JobTitle,
        TextKind::Url,
        TextKind::UrlPath,
        TextKind::Domain,
        TextKind::Ipv4,
        TextKind::UserAgent,
        TextKind::Title,
        TextKind::ProductName,
        TextKind::Sentence,
        TextKind::Paragraph,
        TextKind::Word,
        TextKind::Words,
        TextKind::Slug,
        TextKind::Sku,
        TextKind::CurrencyCode,
        TextKind::Language,
        TextKind::LocaleTag,
        TextKind::Timezone,
        TextKind::Color,
        TextKind::FileName,
        TextKind::FilePath,
        TextKind::MimeType,
        TextKind::Version,
        TextKind::CardNumber,
        TextKind::NationalId,
        TextKind::PasswordHash,
        TextKind::Hex,
        TextKind::Isbn,
        TextKind::Iban,
    ];

    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    pub fn from_name(s: &str) -> Option<TextKind> {
        TextKind::ALL.iter().copied().find(|k| k.name() == s)
    }

    /// The personal-data class a column of this kind holds, if any.
    pub fn pii(self) -> Option<Pii> {
        Some(match self {
            TextKind::FirstName | TextKind::LastName | TextKind::FullName => Pii::PersonName,
            TextKind::Username => Pii::OnlineIdentifier,
            TextKind::Email => Pii::Email,
            TextKind::Phone => Pii::Phone,
            TextKind::Street | TextKind::City | TextKind::PostCode => Pii::Address,
            TextKind::Ipv4 => Pii::IpAddress,
            TextKind::CardNumber => Pii::PaymentCard,
            TextKind::NationalId => Pii::NationalId,
            TextKind::PasswordHash => Pii::Credential,
            TextKind::Iban => Pii::BankAccount,
            _ => return None,
        })
    }
}

/// Personal-data classes and the guarantee seedbed gives for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pii {
    PersonName,
    OnlineIdentifier,
    Email,
    Phone,
    Address,
    IpAddress,
    PaymentCard,
    NationalId,
    Credential,
    BankAccount,
    DateOfBirth,
}

impl Pii {
    pub fn guarantee(self) -> &'static str {
        match self {
            Pii::PersonName => "synthetic: first and last names combined at random from word lists",
            Pii::OnlineIdentifier => "synthetic: built from word lists and the row number",
            Pii::Email => {
                "reserved example domains only (example.com/.org/.net, RFC 2606; .test in short columns, RFC 6761)"
            }
            Pii::Phone => {
                "555-0100..555-0199, reserved for fiction; beside a country column, that country's drama numbers or a number no plan assigns (text::LOCAL)"
            }
            Pii::Address => "synthetic: street, city and postcode combined at random",
            Pii::IpAddress => "documentation ranges only (RFC 5737, RFC 3849)",
            Pii::PaymentCard => "published test card numbers only",
            Pii::NationalId => "area 666, never issued",
            Pii::Credential => "random hash of no password",
            Pii::BankAccount => "synthetic, checksum-valid, fictitious bank code",
            Pii::DateOfBirth => "random date, not linked to any person",
        }
    }
}

pub const EXAMPLE_DOMAINS: [&str; 3] = ["example.com", "example.org", "example.net"];

const TEST_CARDS: [&str; 8] = [
    "4111111111111111",
    "4242424242424242",
    "4012888888881881",
    "5555555555554444",
    "5105105105105100",
    "378282246310005",
    "6011111111111117",
    "3530111333300000",
];

/// Countries with their ISO 3166 codes and a few of their cities, so that a row's city and
/// country belong together.
pub const PLACES: &[(&str, &str, &[&str])] = &[
    (
        "United States",
        "US",
        &[
            "New York", "Chicago", "Seattle", "Austin", "Boston", "Denver",
        ],
    ),
    (
        "United Kingdom",
        "GB",
        &["London", "Manchester", "Bristol", "Leeds", "Edinburgh"],
    ),
    (
        "Netherlands",
        "NL",
        &[
            "Amsterdam",
            "Rotterdam",
            "Utrecht",
            "Eindhoven",
            "Groningen",
        ],
    ),
    (
        "Germany",
        "DE",
        &["Berlin", "Hamburg", "Munich", "Cologne", "Leipzig"],
    ),
    (
        "France",
        "FR",
        &["Paris", "Lyon", "Marseille", "Toulouse", "Nantes"],
    ),
    (
        "Spain",
        "ES",
        &["Madrid", "Barcelona", "Valencia", "Seville", "Bilbao"],
    ),
    (
        "Italy",
        "IT",
        &["Rome", "Milan", "Turin", "Naples", "Bologna"],
    ),
    (
        "Canada",
        "CA",
        &["Toronto", "Montreal", "Vancouver", "Calgary", "Ottawa"],
    ),
    (
        "Brazil",
        "BR",
        &["São Paulo", "Rio de Janeiro", "Curitiba", "Recife"],
    ),
    (
        "Japan",
        "JP",
        &["Tokyo", "Osaka", "Kyoto", "Sapporo", "Fukuoka"],
    ),
    (
        "Australia",
        "AU",
        &["Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide"],
    ),
    (
        "Sweden",
        "SE",
        &["Stockholm", "Gothenburg", "Malmö", "Uppsala"],
    ),
    (
        "Poland",
        "PL",
        &["Warsaw", "Kraków", "Wrocław", "Gdańsk", "Poznań"],
    ),
    (
        "India",
        "IN",
        &["Mumbai", "Bengaluru", "Delhi", "Pune", "Chennai"],
    ),
    (
        "Mexico",
        "MX",
        &["Mexico City", "Guadalajara", "Monterrey", "Puebla"],
    ),
    ("Ireland", "IE", &["Dublin", "Cork", "Galway", "Limerick"]),
];

/// What belongs to each country of [`PLACES`], by ISO code: the region (state, province,
/// county) of each of its cities, in the order of its cities; the shape of its post codes
/// (`#` a digit, `A` a capital letter); and the forms of its phone numbers (`#` a digit, `%` a
/// digit 1–9), from the ranges its regulator reserves for fiction where it has one:
///
/// | country | phone numbers | source |
/// |---|---|---|
/// | US, CA | `+1 AAA 555 0100`–`0199` | NANPA, reserved for fiction |
/// | GB | `+44 7700 900000`–`900999` | Ofcom drama numbers |
/// | DE | `+49 30 23125 000`–`999` and four more cities | Bundesnetzagentur drama numbers (Mitteilung 148/2021) |
/// | IE | `+353 20 91x xxxx` | ComReg drama range 020 91 |
/// | SE | `+46 70 174 0610`–`0699` | PTS, reserved for fiction (070-1740605–699) |
/// | AU | `+61 2/3/7/8 5550 xxxx` | ACMA, reserved for fiction |
/// | others | `+CC 0xx xxx xxxx` (Italy: `+39 1xx xxx xxxx`) | not a dialable number: after the country code a national number never begins with the trunk prefix 0 (Italy's keep their 0, and 1 begins only short codes) |
pub const LOCAL: &[(&str, &[&str], &str, &[&str])] = &[
    (
        "US",
        &[
            "New York",
            "Illinois",
            "Washington",
            "Texas",
            "Massachusetts",
            "Colorado",
        ],
        "#####",
        &[
            "+1 212 555 01##",
            "+1 312 555 01##",
            "+1 206 555 01##",
            "+1 512 555 01##",
            "+1 617 555 01##",
            "+1 303 555 01##",
        ],
    ),
    (
        "GB",
        &["England", "England", "England", "England", "Scotland"],
        "AA# #AA",
        &["+44 7700 900###"],
    ),
    (
        "NL",
        &[
            "North Holland",
            "South Holland",
            "Utrecht",
            "North Brabant",
            "Groningen",
        ],
        "#### AA",
        &["+31 0## ### ####"],
    ),
    (
        "DE",
        &[
            "Berlin",
            "Hamburg",
            "Bavaria",
            "North Rhine-Westphalia",
            "Saxony",
        ],
        "#####",
        &[
            "+49 30 23125###",
            "+49 69 90009###",
            "+49 40 66969###",
            "+49 221 4710###",
            "+49 89 99998###",
        ],
    ),
    (
        "FR",
        &[
            "Île-de-France",
            "Auvergne-Rhône-Alpes",
            "Provence-Alpes-Côte d'Azur",
            "Occitanie",
            "Pays de la Loire",
        ],
        "#####",
        &["+33 0## ## ## ##"],
    ),
    (
        "ES",
        &[
            "Madrid",
            "Catalonia",
            "Valencia",
            "Andalusia",
            "Basque Country",
        ],
        "#####",
        &["+34 0## ### ###"],
    ),
    (
        "IT",
        &[
            "Lazio",
            "Lombardy",
            "Piedmont",
            "Campania",
            "Emilia-Romagna",
        ],
        "#####",
        &["+39 1## ### ####"],
    ),
    (
        "CA",
        &[
            "Ontario",
            "Quebec",
            "British Columbia",
            "Alberta",
            "Ontario",
        ],
        "A#A #A#",
        &[
            "+1 416 555 01##",
            "+1 514 555 01##",
            "+1 604 555 01##",
            "+1 403 555 01##",
            "+1 613 555 01##",
        ],
    ),
    (
        "BR",
        &["São Paulo", "Rio de Janeiro", "Paraná", "Pernambuco"],
        "#####-###",
        &["+55 0## #### ####"],
    ),
    (
        "JP",
        &["Tokyo", "Osaka", "Kyoto", "Hokkaido", "Fukuoka"],
        "###-####",
        &["+81 0# #### ####"],
    ),
    (
        "AU",
        &[
            "New South Wales",
            "Victoria",
            "Queensland",
            "Western Australia",
            "South Australia",
        ],
        "####",
        &[
            "+61 2 5550 ####",
            "+61 3 5550 ####",
            "+61 7 5550 ####",
            "+61 8 5550 ####",
        ],
    ),
    (
        "SE",
        &["Stockholm", "Västra Götaland", "Skåne", "Uppsala"],
        "### ##",
        &["+46 70 174 06%#"],
    ),
    (
        "PL",
        &[
            "Masovia",
            "Lesser Poland",
            "Lower Silesia",
            "Pomerania",
            "Greater Poland",
        ],
        "##-###",
        &["+48 0## ### ###"],
    ),
    (
        "IN",
        &[
            "Maharashtra",
            "Karnataka",
            "Delhi",
            "Maharashtra",
            "Tamil Nadu",
        ],
        "######",
        &["+91 0#### #####"],
    ),
    (
        "MX",
        &["Mexico City", "Jalisco", "Nuevo León", "Puebla"],
        "#####",
        &["+52 0## ### ####"],
    ),
    (
        "IE",
        &["Leinster", "Munster", "Connacht", "Munster"],
        "A## A#A#",
        &["+353 20 91# ####"],
    ),
];

/// The index into [`PLACES`] (and [`LOCAL`]) of the country named or coded `country`.
pub fn place_index(country: &str) -> Option<usize> {
    PLACES.iter().position(|(name, code, _)| {
        name.eq_ignore_ascii_case(country) || code.eq_ignore_ascii_case(country)
    })
}

/// A value of `kind` (state, post code or phone) that belongs to the country at `place` of
/// [`PLACES`], in at most `max` characters; a state follows the row's `city` when it is one of
/// the country's. `None` when no such value fits.
pub fn local_value<R: Rng + ?Sized>(
    kind: TextKind,
    place: usize,
    city: Option<&str>,
    rng: &mut R,
    max: Option<usize>,
) -> Option<String> {
    let (_, regions, post, phones) = LOCAL[place];
    let fits = |s: &str| max.is_none_or(|m| s.chars().count() <= m);
    match kind {
        TextKind::State => {
            let cities = PLACES[place].2;
            let own = city
                .and_then(|c| cities.iter().position(|x| x.eq_ignore_ascii_case(c)))
                .map(|i| regions[i])
                .filter(|r| fits(r));
            let any: Vec<&str> = regions.iter().copied().filter(|r| fits(r)).collect();
            let pick = rng.random_range(0..any.len().max(1));
            own.or_else(|| any.get(pick).copied()).map(str::to_string)
        }
        TextKind::PostCode => Some(fill_shape(post, rng)).filter(|p| fits(p)),
        TextKind::Phone => {
            let p = fill_shape(pick(rng, phones), rng);
            let compact: String = p.chars().filter(|c| *c != ' ').collect();
            [p, compact].into_iter().find(|p| fits(p))
        }
        _ => None,
    }
}

/// `shape` with each `#` a random digit, each `%` a digit 1–9, each `A` a capital letter.
fn fill_shape<R: Rng + ?Sized>(shape: &str, rng: &mut R) -> String {
    shape
        .chars()
        .map(|c| match c {
            '#' => char::from(b'0' + rng.random_range(0..10u8)),
            '%' => char::from(b'1' + rng.random_range(0..9u8)),
            'A' => char::from(b'A' + rng.random_range(0..26u8)),
            other => other,
        })
        .collect()
}

/// Natural unique values: every combination of a kind's word lists (first × last names,
/// adjective × material × noun, …), deduplicated ignoring case and keeping only single words,
/// so that two combinations of one shape never spell the same value and shapes differ in
/// their number of words. `nth(i)` is the i-th combination: a keyed permutation of the row
/// number through it gives unique values with no memory.
pub struct Natural {
    shapes: Vec<Vec<Piece>>,
    sizes: Vec<u64>,
    longest: usize,
}

enum Piece {
    Lit(&'static str),
    Words(Vec<&'static str>),
}

impl Natural {
    fn new(shapes: Vec<Vec<Piece>>) -> Option<Natural> {
        let size = |sh: &Vec<Piece>| {
            sh.iter().fold(1u64, |n, p| match p {
                Piece::Lit(_) => n,
                Piece::Words(w) => n.saturating_mul(w.len() as u64),
            })
        };
        let longest = |sh: &Vec<Piece>| -> usize {
            sh.iter()
                .map(|p| match p {
                    Piece::Lit(l) => l.chars().count(),
                    Piece::Words(w) => w.iter().map(|x| x.chars().count()).max().unwrap_or(0),
                })
                .sum()
        };
        let sizes: Vec<u64> = shapes.iter().map(size).collect();
        let longest = shapes.iter().map(longest).max()?;
        (sizes.iter().sum::<u64>() > 0).then_some(Natural {
            shapes,
            sizes,
            longest,
        })
    }

    /// How many distinct values there are.
    pub fn count(&self) -> u64 {
        self.sizes.iter().sum()
    }

    /// Characters of the longest value.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// The `i`-th value (`i < len()`): its shape, then one word of each list (mixed radix).
    pub fn nth(&self, mut i: u64) -> String {
        let mut k = 0;
        while k + 1 < self.sizes.len() && i >= self.sizes[k] {
            i -= self.sizes[k];
            k += 1;
        }
        let mut out = String::new();
        for p in &self.shapes[k] {
            match p {
                Piece::Lit(l) => out.push_str(l),
                Piece::Words(w) => {
                    out.push_str(w[(i % w.len() as u64) as usize]);
                    i /= w.len() as u64;
                }
            }
        }
        out
    }
}

/// Kinds with natural unique values, in [`natural`]'s cache order.
const NATURAL_KINDS: [TextKind; 7] = [
    TextKind::FullName,
    TextKind::FirstName,
    TextKind::LastName,
    TextKind::Company,
    TextKind::ProductName,
    TextKind::Title,
    TextKind::JobTitle,
];
const LOCALES: [Locale; 6] = [
    Locale::En,
    Locale::FrFr,
    Locale::DeDe,
    Locale::ItIt,
    Locale::PtBr,
    Locale::NlNl,
];

/// The natural unique values of `kind` in `loc`, if the kind has word lists.
pub fn natural(kind: TextKind, loc: Locale) -> Option<&'static Natural> {
    static CACHE: [std::sync::OnceLock<Option<Natural>>; 42] =
        [const { std::sync::OnceLock::new() }; 42];
    let k = NATURAL_KINDS.iter().position(|x| *x == kind)?;
    let l = LOCALES.iter().position(|x| *x == loc)?;
    CACHE[k * LOCALES.len() + l]
        .get_or_init(|| Natural::new(natural_shapes(kind, loc)))
        .as_ref()
}

/// Single words of `list`, each once ignoring case, in list order.
fn single_words(list: &[&'static str]) -> Piece {
    let mut seen = std::collections::HashSet::new();
    Piece::Words(
        list.iter()
            .copied()
            .filter(|w| !w.is_empty() && !w.contains(char::is_whitespace))
            .filter(|w| seen.insert(w.to_lowercase()))
            .collect(),
    )
}

fn natural_shapes(kind: TextKind, loc: Locale) -> Vec<Vec<Piece>> {
    use fake::locales::Data;
    macro_rules! of {
        ($l:ty) => {
            (
                <$l>::NAME_FIRST_NAME,
                <$l>::NAME_LAST_NAME,
                <$l>::COMPANY_SUFFIX,
            )
        };
    }
    let (first, last, suffix) = match loc {
        Locale::En => of!(EN),
        Locale::FrFr => of!(FR_FR),
        Locale::DeDe => of!(DE_DE),
        Locale::ItIt => of!(IT_IT),
        Locale::PtBr => of!(PT_BR),
        Locale::NlNl => of!(NL_NL),
    };
    let w = single_words;
    let sp = || Piece::Lit(" ");
    match kind {
        TextKind::FullName => vec![vec![w(first), sp(), w(last)]],
        TextKind::FirstName => vec![vec![w(first)]],
        TextKind::LastName => vec![vec![w(last)]],
        // As `fake` names companies: "Name Suffix", then "Name and Name Suffix".
        TextKind::Company => vec![
            vec![w(last), sp(), w(suffix)],
            vec![w(last), Piece::Lit(" and "), w(last), sp(), w(suffix)],
        ],
        TextKind::ProductName => vec![vec![
            w(&PRODUCT_ADJ),
            sp(),
            w(&PRODUCT_MATERIAL),
            sp(),
            w(&PRODUCT_NOUN),
        ]],
        TextKind::Title => {
            // Catch phrases, capitalised by `natural_nth` as [`TextKind::Title`] writes them.
            vec![vec![
                w(EN::COMPANY_BUZZWORD_HEAD),
                sp(),
                w(EN::COMPANY_BUZZWORD_MIDDLE),
                sp(),
                w(EN::COMPANY_BUZZWORD_TAIL),
            ]]
        }
        TextKind::JobTitle => vec![vec![
            w(EN::JOB_SENIORITY),
            sp(),
            w(EN::JOB_FIELD),
            sp(),
            w(EN::JOB_POSITION),
        ]],
        _ => Vec::new(),
    }
}

/// The `i`-th natural value of `kind`, written as the kind writes its values.
pub fn natural_nth(kind: TextKind, n: &Natural, i: u64) -> String {
    let v = n.nth(i);
    if kind == TextKind::Title {
        let mut out = String::with_capacity(v.len());
        push_capitalised(&mut out, &v);
        out
    } else {
        v
    }
}

/// The name of the country with ISO code `code`, if we know it.
pub fn country_named(code: &str) -> Option<&'static str> {
    PLACES
        .iter()
        .find(|(_, c, _)| c.eq_ignore_ascii_case(code))
        .map(|(n, _, _)| *n)
}

/// A city of the country named (or coded) `country`, if we know it.
pub fn city_of<R: Rng + ?Sized>(country: &str, rng: &mut R) -> Option<String> {
    let (_, _, cities) = PLACES.iter().find(|(name, code, _)| {
        name.eq_ignore_ascii_case(country) || code.eq_ignore_ascii_case(country)
    })?;
    Some(cities[rng.random_range(0..cities.len())].to_string())
}

/// A city of the country named (or coded) `country` in at most `max` characters, if it has one.
pub fn city_of_within<R: Rng + ?Sized>(country: &str, rng: &mut R, max: usize) -> Option<String> {
    let (_, _, cities) = PLACES.iter().find(|(name, code, _)| {
        name.eq_ignore_ascii_case(country) || code.eq_ignore_ascii_case(country)
    })?;
    let fits: Vec<&str> = cities
        .iter()
        .copied()
        .filter(|c| c.chars().count() <= max)
        .collect();
    (!fits.is_empty()).then(|| fits[rng.random_range(0..fits.len())].to_string())
}

const CURRENCIES: [&str; 12] = [
    "EUR", "USD", "GBP", "JPY", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "NZD",
];
const LANGUAGES: [&str; 12] = [
    "en", "fr", "de", "es", "it", "nl", "pt", "sv", "pl", "ja", "zh", "da",
];
const LANGUAGE_TAGS: [&str; 10] = [
    "en-US", "en-GB", "fr-FR", "de-DE", "es-ES", "it-IT", "nl-NL", "pt-BR", "sv-SE", "ja-JP",
];
const TIMEZONES: [&str; 12] = [
    "UTC",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Amsterdam",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Asia/Singapore",
    "Australia/Sydney",
];
const COLOURS: [&str; 12] = [
    "red", "green", "blue", "orange", "purple", "teal", "black", "white", "grey", "yellow", "navy",
    "olive",
];
const MIME: [&str; 10] = [
    "application/json",
    "application/pdf",
    "text/plain",
    "text/html",
    "text/csv",
    "image/png",
    "image/jpeg",
    "image/svg+xml",
    "application/zip",
    "video/mp4",
];
const EXTENSIONS: [&str; 10] = [
    "pdf", "png", "jpg", "csv", "txt", "json", "md", "zip", "docx", "xlsx",
];
const PRODUCT_ADJ: [&str; 16] = [
    "Ergonomic",
    "Rustic",
    "Sleek",
    "Compact",
    "Deluxe",
    "Classic",
    "Organic",
    "Wireless",
    "Portable",
    "Smart",
    "Premium",
    "Handmade",
    "Vintage",
    "Modern",
    "Durable",
    "Lightweight",
];
const PRODUCT_MATERIAL: [&str; 12] = [
    "Steel", "Wooden", "Cotton", "Leather", "Ceramic", "Bamboo", "Granite", "Wool", "Glass",
    "Copper", "Linen", "Rubber",
];
const PRODUCT_NOUN: [&str; 16] = [
    "Chair",
    "Lamp",
    "Backpack",
    "Kettle",
    "Notebook",
    "Headphones",
    "Table",
    "Mug",
    "Jacket",
    "Keyboard",
    "Bottle",
    "Blanket",
    "Watch",
    "Speaker",
    "Shoes",
    "Desk",
];
const PATHS: [&str; 12] = [
    "/",
    "/products",
    "/cart",
    "/checkout",
    "/account",
    "/search",
    "/blog",
    "/help",
    "/pricing",
    "/docs",
    "/about",
    "/orders",
];
const AREA_CODES: [u16; 12] = [202, 212, 305, 312, 415, 503, 617, 702, 713, 808, 919, 971];

/// Lower-case ASCII letters and digits of `s` (accents folded), for emails and slugs.
pub fn ascii_slug(s: &str, sep: char) -> String {
    let folded = deunicode::deunicode(s);
    let mut out = String::with_capacity(folded.len());
    let mut last_sep = true;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            last_sep = false;
        } else if !last_sep {
            out.push(sep);
            last_sep = true;
        }
    }
    while out.ends_with(sep) {
        out.pop();
    }
    out
}

/// Base-36 token of a row number: short, lower case, unique per row.
pub fn token(n: u64) -> String {
    let mut out = String::with_capacity(token_len(n));
    push_token(&mut out, n);
    out
}

/// Append [`token`]`(n)` to `out` (no string of its own: unique texts get one per row).
pub fn push_token(out: &mut String, mut n: u64) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 13];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&b| b as char));
}

/// The length of [`token`]`(n)`: its number of base-36 digits.
pub fn token_len(mut n: u64) -> usize {
    let mut len = 1;
    while n >= 36 {
        n /= 36;
        len += 1;
    }
    len
}

fn pick<'a, R: Rng + ?Sized>(rng: &mut R, items: &'a [&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

/// An email for a person's name: `jane.doe@example.org`. With `unique` (the row number `r`) the
/// email is unique by construction yet looks like a real one: the domain is the `r % 3`-th
/// reserved domain and the local part ends with the number `r / 3` (`jane.doe14@example.net`;
/// after a `.` when the name ends in a digit). The trailing digits and the character before
/// them give back the name and `r`, so no two rows collide.
pub fn email_for(first: &str, last: &str, unique: Option<u64>, pick_domain: u64) -> String {
    let mut local = String::new();
    let f = ascii_slug(first, '.');
    let l = ascii_slug(last, '.');
    match (f.is_empty(), l.is_empty()) {
        (false, false) => {
            let _ = write!(local, "{f}.{l}");
        }
        (false, true) => local.push_str(&f),
        (true, false) => local.push_str(&l),
        (true, true) => local.push_str("user"),
    }
    let pick = match unique {
        Some(row) => {
            if local.ends_with(|c: char| c.is_ascii_digit()) {
                local.push('.');
            }
            let _ = write!(local, "{}", row / 3);
            row
        }
        None => pick_domain,
    };
    let domain = EXAMPLE_DOMAINS[(pick % 3) as usize];
    format!("{local}@{domain}")
}

/// Generate one value of a text kind, by family.
pub fn generate<R: Rng + ?Sized>(kind: TextKind, loc: Locale, rng: &mut R) -> String {
    match kind {
        TextKind::FirstName
        | TextKind::LastName
        | TextKind::FullName
        | TextKind::Username
        | TextKind::Email
        | TextKind::Phone => person(kind, loc, rng),
        TextKind::Street
        | TextKind::City
        | TextKind::State
        | TextKind::Country
        | TextKind::CountryCode
        | TextKind::PostCode => place(kind, loc, rng),
        TextKind::Company
        | TextKind::JobTitle
        | TextKind::Title
        | TextKind::ProductName
        | TextKind::Sentence
        | TextKind::Paragraph
        | TextKind::Word
        | TextKind::Words
        | TextKind::Slug => prose(kind, loc, rng),
        TextKind::Url
        | TextKind::UrlPath
        | TextKind::Domain
        | TextKind::Ipv4
        | TextKind::UserAgent
        | TextKind::FileName
        | TextKind::FilePath
        | TextKind::MimeType => web(kind, rng),
        TextKind::Sku
        | TextKind::CurrencyCode
        | TextKind::Language
        | TextKind::LocaleTag
        | TextKind::Timezone
        | TextKind::Color
        | TextKind::Version
        | TextKind::CardNumber
        | TextKind::NationalId
        | TextKind::PasswordHash
        | TextKind::Hex
        | TextKind::Isbn
        | TextKind::Iban => code(kind, rng),
    }
}

/// People: names, usernames, emails, phone numbers.
fn person<R: Rng + ?Sized>(kind: TextKind, loc: Locale, rng: &mut R) -> String {
    use fake::faker::name;
    match kind {
        TextKind::FirstName => localized!(loc, rng, name::raw::FirstName),
        TextKind::LastName => localized!(loc, rng, name::raw::LastName),
        TextKind::FullName => {
            let f = localized!(loc, rng, name::raw::FirstName);
            let l = localized!(loc, rng, name::raw::LastName);
            format!("{f} {l}")
        }
        TextKind::Username => {
            let f = localized!(loc, rng, name::raw::FirstName);
            let n: u16 = rng.random_range(1..999);
            format!("{}{n}", ascii_slug(&f, '_'))
        }
        TextKind::Email => {
            let f = localized!(loc, rng, name::raw::FirstName);
            let l = localized!(loc, rng, name::raw::LastName);
            let d = rng.next_u64();
            email_for(&f, &l, None, d)
        }
        TextKind::Phone => {
            let area = AREA_CODES[rng.random_range(0..AREA_CODES.len())];
            let line: u8 = rng.random_range(0..100);
            format!("+1 {area} 555 01{line:02}")
        }
        _ => unreachable!("person called for {kind:?}"),
    }
}

/// Places: streets, cities, states, countries, post codes.
fn place<R: Rng + ?Sized>(kind: TextKind, loc: Locale, rng: &mut R) -> String {
    use fake::faker::address;
    match kind {
        TextKind::Street => {
            let n: u16 = rng.random_range(1..2000);
            let s = localized!(loc, rng, address::raw::StreetName);
            format!("{n} {s}")
        }
        TextKind::City => localized!(loc, rng, address::raw::CityName),
        TextKind::State => localized!(loc, rng, address::raw::StateName),
        TextKind::Country => PLACES[rng.random_range(0..PLACES.len())].0.to_string(),
        TextKind::CountryCode => PLACES[rng.random_range(0..PLACES.len())].1.to_string(),
        TextKind::PostCode => localized!(loc, rng, address::raw::PostCode),
        _ => unreachable!("place called for {kind:?}"),
    }
}

/// Organisations and prose: companies, titles, products, sentences, words, slugs.
fn prose<R: Rng + ?Sized>(kind: TextKind, loc: Locale, rng: &mut R) -> String {
    use fake::faker::{company, job, lorem};
    match kind {
        TextKind::Company => localized!(loc, rng, company::raw::CompanyName),
        TextKind::JobTitle => job::en::Title().fake_with_rng(rng),
        TextKind::Title => title(rng),
        TextKind::ProductName => format!(
            "{} {} {}",
            pick(rng, &PRODUCT_ADJ),
            pick(rng, &PRODUCT_MATERIAL),
            pick(rng, &PRODUCT_NOUN)
        ),
        TextKind::Sentence => sentence(rng),
        TextKind::Paragraph => lorem::en::Paragraph(2..5).fake_with_rng(rng),
        TextKind::Word => lorem::en::Word().fake_with_rng(rng),
        TextKind::Words => {
            let v: Vec<String> = lorem::en::Words(2..4).fake_with_rng(rng);
            v.join(" ")
        }
        TextKind::Slug => {
            let v: Vec<String> = lorem::en::Words(2..4).fake_with_rng(rng);
            ascii_slug(&v.join(" "), '-')
        }
        _ => unreachable!("prose called for {kind:?}"),
    }
}

/// The web and files: URLs, domains, addresses, user agents, file names and types.
fn web<R: Rng + ?Sized>(kind: TextKind, rng: &mut R) -> String {
    use fake::faker::{company, filesystem, internet, lorem};
    match kind {
        TextKind::Url => {
            let c: String = company::en::CompanyName().fake_with_rng(rng);
            let p = pick(rng, &PATHS);
            format!("https://{}.example{p}", ascii_slug(&c, '-'))
        }
        TextKind::UrlPath => {
            let p = pick(rng, &PATHS);
            if p == "/" || rng.random_bool(0.4) {
                p.to_string()
            } else {
                let w: String = lorem::en::Word().fake_with_rng(rng);
                format!("{p}/{}", ascii_slug(&w, '-'))
            }
        }
        TextKind::Domain => {
            let c: String = company::en::CompanyName().fake_with_rng(rng);
            format!("{}.example", ascii_slug(&c, '-'))
        }
        TextKind::Ipv4 => ipv4_doc(rng.next_u64()).to_string(),
        TextKind::UserAgent => internet::en::UserAgent().fake_with_rng(rng),
        TextKind::FileName => {
            let w: String = lorem::en::Word().fake_with_rng(rng);
            format!("{}.{}", ascii_slug(&w, '_'), pick(rng, &EXTENSIONS))
        }
        TextKind::FilePath => filesystem::en::FilePath().fake_with_rng(rng),
        TextKind::MimeType => pick(rng, &MIME).to_string(),
        _ => unreachable!("web called for {kind:?}"),
    }
}

/// Codes and identifiers: SKUs, ISO codes, versions, test card numbers, hashes, ISBNs, IBANs.
fn code<R: Rng + ?Sized>(kind: TextKind, rng: &mut R) -> String {
    match kind {
        TextKind::Sku => {
            let letters: String = (0..3)
                .map(|_| (b'A' + rng.random_range(0..26u8)) as char)
                .collect();
            format!("{letters}-{:05}", rng.random_range(0..100_000u32))
        }
        TextKind::CurrencyCode => pick(rng, &CURRENCIES).to_string(),
        TextKind::Language => pick(rng, &LANGUAGES).to_string(),
        TextKind::LocaleTag => pick(rng, &LANGUAGE_TAGS).to_string(),
        TextKind::Timezone => pick(rng, &TIMEZONES).to_string(),
        TextKind::Color => pick(rng, &COLOURS).to_string(),
        TextKind::Version => format!(
            "{}.{}.{}",
            rng.random_range(0..5u8),
            rng.random_range(0..20u8),
            rng.random_range(0..30u8)
        ),
        TextKind::CardNumber => pick(rng, &TEST_CARDS).to_string(),
        TextKind::NationalId => format!(
            "666-{:02}-{:04}",
            rng.random_range(1..100u8),
            rng.random_range(1..10_000u16)
        ),
        TextKind::PasswordHash => {
            const B64: &[u8] = b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            let body: String = (0..53)
                .map(|_| B64[rng.random_range(0..B64.len())] as char)
                .collect();
            format!("$2b$12${body}")
        }
        TextKind::Hex => {
            let mut s = String::with_capacity(64);
            for _ in 0..4 {
                let _ = write!(s, "{:016x}", rng.next_u64());
            }
            s
        }
        TextKind::Isbn => {
            // 978 prefix, random body, valid check digit.
            let mut digits: Vec<u32> = vec![9, 7, 8];
            digits.extend((0..9).map(|_| rng.random_range(0..10u32)));
            let sum: u32 = digits
                .iter()
                .enumerate()
                .map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 })
                .sum();
            digits.push((10 - sum % 10) % 10);
            digits
                .iter()
                .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
                .collect()
        }
        TextKind::Iban => {
            // GB IBAN with the fictitious bank code "XXXX", check digits computed (ISO 13616).
            let account: String = (0..14)
                .map(|_| char::from_digit(rng.random_range(0..10u32), 10).unwrap_or('0'))
                .collect();
            iban("GB", &format!("XXXX{account}"))
        }
        _ => unreachable!("code called for {kind:?}"),
    }
}

fn iban(country: &str, bban: &str) -> String {
    let rearranged = format!("{bban}{country}00");
    let mut rem: u32 = 0;
    for c in rearranged.chars() {
        let v = c.to_digit(36).unwrap_or(0);
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    format!("{country}{:02}{bban}", 98 - rem)
}

/// Append `s` with the first letter of each space-separated word upper-cased. Appending the
/// parts of a text one after the other, with a space between, gives what capitalising the
/// whole text does (it splits at the same spaces).
fn push_capitalised(out: &mut String, s: &str) {
    for (i, w) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut c = w.chars();
        if let Some(f) = c.next() {
            out.extend(f.to_uppercase());
            out.push_str(c.as_str());
        }
    }
}

/// A title: `fake`'s English catch phrase, each word capitalised. Built in one buffer from the
/// same three draws (head, middle, tail word, in that order) as `company::en::CatchPhrase`,
/// whose template `{Head} {Middle} {Tail}` it fills without three passes of `str::replace`
/// (about a fifth of the time of a row of titles). Byte for byte what `fake` gives
/// (`tests::titles_and_sentences_are_fakes`).
fn title<R: Rng + ?Sized>(rng: &mut R) -> String {
    use fake::locales::Data;
    use rand::seq::IndexedRandom;
    let mut out = String::with_capacity(48);
    for (i, list) in [
        EN::COMPANY_BUZZWORD_HEAD,
        EN::COMPANY_BUZZWORD_MIDDLE,
        EN::COMPANY_BUZZWORD_TAIL,
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            out.push(' ');
        }
        push_capitalised(&mut out, list.choose(rng).expect("a word list"));
    }
    out
}

/// A sentence: `fake`'s English lorem `Sentence(4..12)` (the word count, then each word from
/// the same list), written into one buffer instead of a string per word joined after.
/// Byte for byte what `fake` gives (`tests::titles_and_sentences_are_fakes`).
fn sentence<R: Rng + ?Sized>(rng: &mut R) -> String {
    use fake::locales::Data;
    use rand::seq::IndexedRandom;
    let words: usize = (4..12).fake_with_rng(rng);
    let mut out = String::with_capacity(words * 8 + 1);
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(EN::LOREM_WORD.choose(rng).expect("a word list"));
    }
    out.push('.');
    out
}

/// An IPv4 address in the three documentation networks, from 64 random bits.
pub fn ipv4_doc(bits: u64) -> std::net::Ipv4Addr {
    ipv4_doc_index(bits % 768)
}

/// The `i`-th of the 768 documentation addresses (i < 768).
pub fn ipv4_doc_index(i: u64) -> std::net::Ipv4Addr {
    let nets = [[192, 0, 2], [198, 51, 100], [203, 0, 113]];
    let n = nets[(i / 256) as usize % 3];
    std::net::Ipv4Addr::new(n[0], n[1], n[2], (i % 256) as u8)
}

/// The `i`-th address of 2001:db8::/32.
pub fn ipv6_doc_index(i: u128) -> std::net::Ipv6Addr {
    std::net::Ipv6Addr::from((0x2001_0db8u128 << 96) | (i & ((1u128 << 96) - 1)))
}

// Fitting: every value fits its column. A value longer than the room is never cut blindly: a
// structured value (email, URL, address, phone, code) is rebuilt in a shorter form of the same
// kind, prose is cut at a word boundary, a name is drawn again until one fits.

/// Reserved domains for emails too long for [`EXAMPLE_DOMAINS`], longest first: subdomains of
/// the `.test` TLD (RFC 6761), never a registrable name.
const SHORT_EMAIL_DOMAINS: [&str; 2] = ["mail.test", "x.test"];

/// Fresh draws tried for a whole name or place that fits, before cutting one at a word boundary.
const FIT_DRAWS: usize = 16;

/// Characters a value of `kind` needs at the least: in a column that holds fewer, no value of
/// the kind fits. [`generate_within`] makes every value fit in this many characters or more.
pub fn min_len(kind: TextKind) -> usize {
    match kind {
        TextKind::Email => 8,    // a@x.test
        TextKind::Phone => 8,    // 555-0123
        TextKind::Ipv4 => 9,     // 192.0.2.7
        TextKind::Url => 14,     // https://x.test
        TextKind::Domain => 6,   // x.test
        TextKind::FileName => 4, // a.md
        TextKind::FilePath => 5, // /a.md
        TextKind::Version => 5,  // 1.2.3
        TextKind::Username => 2, // a7
        TextKind::Sku => 9,
        TextKind::NationalId => 11,
        TextKind::Isbn => 13,
        TextKind::Iban => 22,
        TextKind::PasswordHash => 32, // an MD5 digest in hex; bcrypt needs 60
        TextKind::CountryCode => 2,
        TextKind::Country => PLACES
            .iter()
            .map(|p| p.0.chars().count())
            .min()
            .unwrap_or(1),
        k => listed(k).map_or(1, |l| {
            l.iter().map(|v| v.chars().count()).min().unwrap_or(1)
        }),
    }
}

/// The fixed list a kind's values are picked from, when it has one.
fn listed(kind: TextKind) -> Option<&'static [&'static str]> {
    use fake::locales::Data;
    Some(match kind {
        TextKind::CurrencyCode => &CURRENCIES,
        TextKind::Language => &LANGUAGES,
        TextKind::LocaleTag => &LANGUAGE_TAGS,
        TextKind::Timezone => &TIMEZONES,
        TextKind::Color => &COLOURS,
        TextKind::MimeType => &MIME,
        TextKind::CardNumber => &TEST_CARDS,
        TextKind::UserAgent => EN::INTERNET_USER_AGENT,
        _ => return None,
    })
}

/// One value of `kind` in at most `max` characters (when `max` is at least [`min_len`]). A value
/// that fits as drawn is returned as drawn, from the same draws as [`generate`].
pub fn generate_within<R: Rng + ?Sized>(
    kind: TextKind,
    loc: Locale,
    rng: &mut R,
    max: Option<usize>,
) -> String {
    let v = generate(kind, loc, rng);
    match max {
        Some(m) if v.chars().count() > m && m >= min_len(kind) => fit(kind, loc, rng, v, m),
        _ => v,
    }
}

/// `v`, a value of `kind` longer than `m`, in a form that fits.
fn fit<R: Rng + ?Sized>(kind: TextKind, loc: Locale, rng: &mut R, v: String, m: usize) -> String {
    let fitted = match kind {
        TextKind::Email => {
            let (local, _) = v.split_once('@').unwrap_or((&v, ""));
            let (f, l) = local.split_once('.').unwrap_or((local, ""));
            email_within(f, l, None, rng.next_u64(), Some(m))
        }
        TextKind::Phone => fit_phone(&v, m),
        TextKind::Ipv4 => v.parse().ok().map(|ip| fit_ipv4(ip, m)),
        TextKind::Url => fit_url(&v, m),
        TextKind::Domain => fit_host(v.strip_suffix(".example").unwrap_or(&v), "", m),
        TextKind::UrlPath => cut_at(&v, m, &['/']).or_else(|| Some("/".into())),
        TextKind::FileName | TextKind::FilePath => fit_file(&v, m),
        TextKind::Username => {
            let name = v.trim_end_matches(|c: char| c.is_ascii_digit());
            let digits = &v[name.len()..];
            let room = m.saturating_sub(digits.len()).max(1);
            let name: String = name.chars().take(room).collect();
            Some(format!("{name}{digits}").chars().take(m).collect())
        }
        TextKind::Version => {
            let p: Vec<&str> = v.split('.').collect();
            let d = |s: &str| s.parse::<u8>().unwrap_or(0) % 10;
            Some(format!(
                "{}.{}.{}",
                d(p[0]),
                d(p.get(1).unwrap_or(&"0")),
                d(p.get(2).unwrap_or(&"0"))
            ))
        }
        // A prefix of random hex digits is random hex digits.
        TextKind::Hex => Some(v.chars().take(m).collect()),
        // Too short for bcrypt: an unsalted digest in hex, as older schemes store them (SHA-1
        // in 40 characters, MD5 in 32).
        TextKind::PasswordHash => {
            let len = if m >= 40 { 40 } else { 32 };
            let mut s = String::with_capacity(48);
            while s.len() < len {
                let _ = write!(s, "{:016x}", rng.next_u64());
            }
            s.truncate(len);
            Some(s)
        }
        TextKind::Sentence | TextKind::Paragraph | TextKind::Words | TextKind::Title => {
            cut_words(&v, m)
                .or_else(|| redraw(kind, loc, rng, m))
                .or_else(|| redraw(TextKind::Word, loc, rng, m))
        }
        TextKind::Slug => cut_at(&v, m, &['-']).or_else(|| redraw(kind, loc, rng, m)),
        k if listed(k).is_some() => {
            let fits: Vec<&str> = listed(k)
                .unwrap_or(&[])
                .iter()
                .copied()
                .filter(|c| c.chars().count() <= m)
                .collect();
            (!fits.is_empty()).then(|| fits[rng.random_range(0..fits.len())].to_string())
        }
        TextKind::Country | TextKind::City => {
            let fits: Vec<&str> = PLACES
                .iter()
                .flat_map(|(name, _, cities)| {
                    if kind == TextKind::Country {
                        vec![*name]
                    } else {
                        cities.to_vec()
                    }
                })
                .filter(|c| c.chars().count() <= m)
                .collect();
            redraw(kind, loc, rng, m).or_else(|| {
                (!fits.is_empty()).then(|| fits[rng.random_range(0..fits.len())].to_string())
            })
        }
        // Names, companies, words: another whole one, else whole words of this one, else a
        // shorter kind (a first name for a full name).
        _ => redraw(kind, loc, rng, m)
            .or_else(|| cut_words(&v, m))
            .or_else(|| redraw(TextKind::FirstName, loc, rng, m)),
    };
    // The last resort for prose (a word longer than the column): its first characters.
    fitted.unwrap_or_else(|| v.chars().take(m).collect::<String>().trim_end().to_string())
}

/// A fresh value of `kind` that fits in `m`, if one of a few draws does.
fn redraw<R: Rng + ?Sized>(kind: TextKind, loc: Locale, rng: &mut R, m: usize) -> Option<String> {
    (0..FIT_DRAWS)
        .map(|_| generate(kind, loc, rng))
        .find(|v| v.chars().count() <= m)
}

/// The longest run of whole words of `s` that fits in `m`, without trailing punctuation.
pub fn cut_words(s: &str, m: usize) -> Option<String> {
    cut_at(s, m, &[' '])
        .map(|c| c.trim_end_matches([',', ';', ':', '-', ' ']).to_string())
        .filter(|c| !c.is_empty())
}

/// The longest prefix of `s` ending just before one of `seps` that fits in `m` characters.
fn cut_at(s: &str, m: usize, seps: &[char]) -> Option<String> {
    let mut best = None;
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n > m {
            break;
        }
        if seps.contains(&c) && i > 0 {
            best = Some(&s[..i]);
        }
    }
    best.map(str::to_string)
}

/// `+1 415 555 0123` as `415-555-0123` or `555-0123`.
fn fit_phone(v: &str, m: usize) -> Option<String> {
    let parts: Vec<&str> = v.split(' ').collect();
    let [_, area, exchange, line] = parts[..] else {
        return None;
    };
    [
        format!("{area}-{exchange}-{line}"),
        format!("{exchange}-{line}"),
    ]
    .into_iter()
    .find(|c| c.len() <= m)
}

/// A documentation address that fits: the same last octet in a shorter network, or fewer of
/// its digits.
fn fit_ipv4(ip: std::net::Ipv4Addr, m: usize) -> String {
    let o = ip.octets()[3];
    [
        format!("203.0.113.{o}"),
        format!("192.0.2.{o}"),
        format!("192.0.2.{}", o % 100),
        format!("192.0.2.{}", o % 10),
    ]
    .into_iter()
    .find(|c| c.len() <= m)
    .unwrap_or_else(|| format!("192.0.2.{}", o % 10))
}

/// `https://label.example/path` shortened: the path dropped, the label cut at a hyphen, the
/// `.test` TLD.
fn fit_url(v: &str, m: usize) -> Option<String> {
    let rest = v.strip_prefix("https://")?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let label = host.strip_suffix(".example").unwrap_or(host);
    let with_path = format!("https://{label}.example{path}");
    if !path.is_empty() && with_path.len() <= m {
        return Some(with_path);
    }
    fit_host(label, "https://", m)
}

/// `prefix` + a host of the `.example` (else `.test`) TLD made of `label`'s leading parts
/// (whole hyphen-separated parts when one fits, else its first characters).
fn fit_host(label: &str, prefix: &str, m: usize) -> Option<String> {
    for tld in [".example", ".test"] {
        let room = m.saturating_sub(prefix.len() + tld.len());
        if room == 0 {
            continue;
        }
        if label.len() <= room {
            return Some(format!("{prefix}{label}{tld}"));
        }
        if let Some(c) = cut_at(label, room, &['-']) {
            return Some(format!("{prefix}{c}{tld}"));
        }
    }
    let room = m.checked_sub(prefix.len() + ".test".len())?;
    let cut: String = label.chars().take(room).collect();
    let cut = cut.trim_end_matches('-');
    (!cut.is_empty()).then(|| format!("{prefix}{cut}.test"))
}

/// A file name or path that fits: the bare name, its stem shortened, a short extension.
fn fit_file(v: &str, m: usize) -> Option<String> {
    let name = v.rsplit('/').next().unwrap_or(v);
    let lead = if v.starts_with('/') { "/" } else { "" };
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "md"));
    for ext in [ext, "md"] {
        let room = m.saturating_sub(lead.len() + 1 + ext.len());
        if room >= 1 {
            let stem: String = stem.chars().take(room).collect();
            return Some(format!("{lead}{stem}.{ext}"));
        }
    }
    None
}

/// [`email_for`] in at most `max` characters: the longest reserved domain that leaves the local
/// part room, the local part from the name's parts, and the row token (when `unique`) always
/// whole. `None` when even `token@x.test` does not fit.
pub fn email_within(
    first: &str,
    last: &str,
    unique: Option<u64>,
    pick_domain: u64,
    max: Option<usize>,
) -> Option<String> {
    let full = email_for(first, last, unique, pick_domain);
    let Some(m) = max else {
        return Some(full);
    };
    if full.len() <= m {
        return Some(full);
    }
    let tok = unique.map(|r| format!(".{}", token(r)));
    let tok = tok.as_deref().unwrap_or("");
    let f = ascii_slug(first, '.');
    let l = ascii_slug(last, '.');
    // A shortened unique email carries a row token on a short `.test` domain, apart from the
    // full ones on `example.*`, so the two forms never meet.
    let first_domain = EXAMPLE_DOMAINS[(pick_domain % 3) as usize];
    let domains = std::iter::once(first_domain)
        .filter(|_| unique.is_none())
        .chain(SHORT_EMAIL_DOMAINS);
    // The longest domain that leaves at least four characters (or the token) for the name.
    let want = (tok.len() + 1).max(4);
    let domain = domains
        .clone()
        .find(|d| m >= d.len() + 1 + want)
        .or_else(|| domains.last().filter(|d| m > d.len() + tok.len().max(1)))?;
    let room = m - domain.len() - 1;
    let initial: String = f.chars().take(1).collect();
    let names = [
        format!("{f}.{l}"),
        f.clone(),
        l.clone(),
        format!("{initial}{l}"),
    ];
    let local = names
        .iter()
        .map(|n| n.trim_matches('.'))
        .find(|n| !n.is_empty() && n.len() + tok.len() <= room)
        .map(str::to_string)
        .unwrap_or_else(|| {
            // The first name's first letters (a made-up name stays made up).
            let base = if f.is_empty() { "user" } else { f.as_str() };
            let cut: String = base.chars().take(room.saturating_sub(tok.len())).collect();
            cut.trim_end_matches('.').to_string()
        });
    let local = match (local.is_empty(), tok.is_empty()) {
        (true, false) => tok[1..].to_string(),
        (true, true) => return None,
        _ => format!("{local}{tok}"),
    };
    Some(format!("{local}@{domain}"))
}

/// Prose of `target` characters or a little fewer: sentences until there are enough, cut at the
/// last whole word that fits (a first word longer than `target` gives its first characters).
pub fn prose_of_length<R: Rng + ?Sized>(loc: Locale, rng: &mut R, target: usize) -> String {
    let mut s = String::new();
    let mut chars = 0;
    while chars < target {
        if !s.is_empty() {
            s.push(' ');
            chars += 1;
        }
        let sentence = generate(TextKind::Sentence, loc, rng);
        chars += sentence.chars().count();
        s.push_str(&sentence);
    }
    if chars == target {
        return s;
    }
    cut_words(&s, target).unwrap_or_else(|| s.chars().take(target).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::rng::RowRng;

    /// `title` and `sentence` write what `fake` gives from the same draws, and leave the
    /// generator where `fake` leaves it (the next column's values depend on that).
    #[test]
    fn titles_and_sentences_are_fakes() {
        use fake::faker::{company, lorem};
        let (mut ours, mut theirs) = (RowRng::new(7, 3), RowRng::new(7, 3));
        for _ in 0..5000 {
            let phrase: String = company::en::CatchPhrase().fake_with_rng(&mut theirs);
            let mut expected = String::new();
            push_capitalised(&mut expected, &phrase);
            assert_eq!(title(&mut ours), expected);
            let expected: String = lorem::en::Sentence(4..12).fake_with_rng(&mut theirs);
            assert_eq!(sentence(&mut ours), expected);
        }
        assert_eq!(ours.next_u64(), theirs.next_u64());
    }

    #[test]
    fn contact_details_use_reserved_ranges() {
        let mut rng = RowRng::new(1, 1);
        for _ in 0..200 {
            let e = generate(TextKind::Email, Locale::FrFr, &mut rng);
            let domain = e.rsplit('@').next().unwrap();
            assert!(EXAMPLE_DOMAINS.contains(&domain), "{e}");
            assert!(e.is_ascii(), "{e}");
            let p = generate(TextKind::Phone, Locale::En, &mut rng);
            assert!(p.contains(" 555 01"), "{p}");
            let u = generate(TextKind::Url, Locale::En, &mut rng);
            assert!(u.starts_with("https://") && u.contains(".example/"), "{u}");
            let ip: std::net::Ipv4Addr = generate(TextKind::Ipv4, Locale::En, &mut rng)
                .parse()
                .unwrap();
            let o = ip.octets();
            assert!(matches!(
                [o[0], o[1], o[2]],
                [192, 0, 2] | [198, 51, 100] | [203, 0, 113]
            ));
            let c = generate(TextKind::CardNumber, Locale::En, &mut rng);
            assert!(TEST_CARDS.contains(&c.as_str()));
            assert!(generate(TextKind::NationalId, Locale::En, &mut rng).starts_with("666-"));
        }
    }

    #[test]
    fn prose_has_the_length_asked_for_at_a_word_boundary() {
        let mut rng = RowRng::new(3, 9);
        for target in [1, 5, 17, 80, 400, 2000] {
            for _ in 0..20 {
                let p = prose_of_length(Locale::En, &mut rng, target);
                let n = p.chars().count();
                assert!(n <= target, "{n} > {target}: {p:?}");
                // Cut at the last word that fits: at most one word short.
                assert!(target < 20 || n + 20 >= target, "{n} for {target}: {p:?}");
                assert!(!p.ends_with(' '), "{p:?}");
            }
        }
    }

    #[test]
    fn every_kind_fits_down_to_its_min_len_without_cutting_structure() {
        let mut rng = RowRng::new(7, 7);
        for &k in TextKind::ALL {
            for m in min_len(k)..min_len(k) + 30 {
                for _ in 0..20 {
                    let v = generate_within(k, Locale::En, &mut rng, Some(m));
                    assert!(
                        v.chars().count() <= m && !v.contains('\0'),
                        "{k:?} in {m}: {v}"
                    );
                    match k {
                        TextKind::Email => {
                            let d = v.rsplit('@').next().unwrap();
                            assert!(EXAMPLE_DOMAINS.contains(&d) || d.ends_with(".test"), "{v}");
                        }
                        TextKind::Ipv4 => assert!(v.parse::<std::net::Ipv4Addr>().is_ok(), "{v}"),
                        // bcrypt where it fits, else a whole hex digest (never a cut bcrypt).
                        TextKind::PasswordHash => assert!(
                            v.starts_with("$2b$12$")
                                || (matches!(v.len(), 32 | 40)
                                    && v.chars().all(|c| c.is_ascii_hexdigit())),
                            "{v}"
                        ),
                        TextKind::Url => assert!(
                            v.starts_with("https://")
                                && (v.contains(".example") || v.ends_with(".test")),
                            "{v}"
                        ),
                        _ => {}
                    }
                }
            }
        }
        assert_eq!(email_within("Jane", "Doe", Some(35), 0, Some(7)), None);
        assert_eq!(
            email_within("Jane", "Doe", Some(35), 0, Some(9)).as_deref(),
            Some("z@x.test")
        );
    }

    #[test]
    fn every_country_has_its_regions_post_codes_and_phones() {
        assert_eq!(PLACES.len(), LOCAL.len());
        for ((_, code, cities), (lcode, regions, post, phones)) in PLACES.iter().zip(LOCAL) {
            assert_eq!(code, lcode);
            assert_eq!(cities.len(), regions.len(), "{code}: a region per city");
            assert!(!post.is_empty() && !phones.is_empty(), "{code}");
        }
        let mut rng = RowRng::new(1, 0);
        let au = place_index("Australia").unwrap();
        assert_eq!(
            local_value(TextKind::State, au, Some("Perth"), &mut rng, None).as_deref(),
            Some("Western Australia")
        );
        let gb = place_index("gb").unwrap();
        let phone = local_value(TextKind::Phone, gb, None, &mut rng, None).unwrap();
        assert!(phone.starts_with("+44 7700 900"), "{phone}");
        let short = local_value(TextKind::Phone, gb, None, &mut rng, Some(13)).unwrap();
        assert!(short.starts_with("+447700900"), "{short}");
        let state = local_value(TextKind::State, au, Some("Perth"), &mut rng, Some(9)).unwrap();
        assert!(
            LOCAL[au].1.contains(&state.as_str()) && state.len() <= 9,
            "{state}"
        );
    }

    #[test]
    fn natural_values_are_distinct_ignoring_case() {
        for kind in [
            TextKind::ProductName,
            TextKind::JobTitle,
            TextKind::FirstName,
        ] {
            let n = natural(kind, Locale::En).unwrap();
            let all: std::collections::HashSet<String> = (0..n.count())
                .map(|i| natural_nth(kind, n, i).to_lowercase())
                .collect();
            assert_eq!(all.len() as u64, n.count(), "{kind:?}");
        }
        let n = natural(TextKind::Company, Locale::DeDe).unwrap();
        assert_eq!(natural_nth(TextKind::Company, n, 0).split(' ').count(), 2);
        assert!(natural_nth(TextKind::Company, n, n.count() - 1).contains(" and "));
        assert!(natural(TextKind::Sentence, Locale::En).is_none());
    }

    #[test]
    fn tokens_and_slugs() {
        assert_eq!(token(0), "0");
        assert_eq!(token(35), "z");
        assert_eq!(token(36), "10");
        for n in [0, 1, 35, 36, 1295, 1296, u64::MAX] {
            assert_eq!(token_len(n), token(n).len(), "{n}");
        }
        assert_eq!(ascii_slug("Zoë O'Brien", '.'), "zoe.o.brien");
        assert_eq!(
            email_for("Zoë", "Brien", Some(37), 1),
            "zoe.brien12@example.org"
        );
        assert_eq!(email_for("A", "B 0", Some(0), 1), "a.b.0.0@example.com");
        assert_eq!(email_for("A", "B", Some(2), 1), "a.b0@example.net");
        assert_eq!(iban("GB", "NWBK60161331926819"), "GB29NWBK60161331926819");
    }
}
