//! Identifiers: any string from a spec → a valid Rust identifier (UpperCamelCase for types, snake_case
//! for fields and methods). Leading digits are spelled out, keywords become raw identifiers where Rust
//! allows it and get a suffix where it does not.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of every edition up to 2024.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Names our generated modules use unqualified, which a type must not shadow.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Iterator",
    "From",
    "Into",
    "ToString",
    "PartialEq",
    "Eq",
    "Debug",
];

const DIGITS: &[&str] = &["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"];

/// Spells out a leading digit ("1Password" → "One Password") so it cannot start an identifier.
fn spell_leading_digit(text: &str) -> String {
    let trimmed = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    match trimmed.chars().next().and_then(|c| c.to_digit(10)) {
        Some(d) => format!("{} {}", DIGITS[d as usize], &trimmed[1..]),
        None => trimmed.to_string(),
    }
}

/// ASCII letters and digits, words apart: other scripts are transliterated first (`über` → `uber`,
/// `日本` → `Ri Ben`), so that no letter of a name is lost; everything else separates words.
fn words(text: &str) -> String {
    let ascii = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(deunicode::deunicode(text))
    };
    ascii.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// An UpperCamelCase type name. Never empty, never a keyword, never starting with a digit, never
/// a name of the prelude (those get `Type`: a variant `None` would shadow `Option`'s).
pub fn type_name(text: &str) -> String {
    let name = type_name_raw(text);
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) { format!("{name}Type") } else { name }
}

/// An UpperCamelCase type name that may be a prelude name (`Option`), for the namer of types,
/// which steers clear of those and the crate root's names itself (`resolve/reserved.rs`).
pub fn type_name_raw(text: &str) -> String {
    let name = spell_leading_digit(&words(text)).to_upper_camel_case();
    let name: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let name = if name.is_empty() { "Unnamed".to_string() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("T{name}") } else { name };
    if KEYWORDS.contains(&name.as_str()) { format!("{name}Type") } else { name }
}

/// A snake_case field, parameter or method name, as the text to put after `r#` when `raw` is true.
pub fn snake_name(text: &str) -> String {
    let name = spell_leading_digit(&words(text)).to_snake_case();
    let name: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    let mut name = name.trim_matches('_').to_string();
    if name.is_empty() {
        return "value".to_string();
    }
    // Dropping non-ASCII letters can leave a digit in front ("ዂ0" → "0").
    if let Some(d) = name.chars().next().and_then(|c| c.to_digit(10)) {
        name = format!("{}_{}", DIGITS[d as usize].to_lowercase(), &name[1..]).trim_end_matches('_').to_string();
    }
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    name
}

/// A snake_case name for a label a person wrote for people (a tag: `OAuth`, `API Keys`, `iOS
/// Apps`): each word of the label stays one word, so a letter a brand capitalises inside it is
/// no word boundary (`OAuth` → `oauth`, not `o_auth`), while a run of capitals before a word still
/// is (`APIKeys` → `api_keys`).
pub fn label_name(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for token in self::words(text).split_whitespace() {
        let mut parts: Vec<String> =
            token.to_snake_case().split('_').filter(|w| !w.is_empty()).map(str::to_string).collect();
        let mut i = 0;
        while i + 1 < parts.len() {
            if parts[i].len() == 1 && parts[i].chars().all(|c| c.is_ascii_alphabetic()) {
                let next = parts.remove(i + 1);
                parts[i].push_str(&next);
            } else {
                i += 1;
            }
        }
        words.extend(parts);
    }
    snake_name(&words.join("_"))
}

/// Whether an identifier must be written `r#name` in Rust source.
pub fn needs_raw(name: &str) -> bool {
    KEYWORDS.contains(&name) && !NOT_RAW.contains(&name)
}

/// Makes `wanted` unique among `taken` by appending 2, 3, ... (with `separator` before the number,
/// unless `wanted` already ends with it: `self_` becomes `self_2`, never `self__2`).
pub fn unique(wanted: &str, separator: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(wanted) {
        return wanted.to_string();
    }
    let separator = if !separator.is_empty() && wanted.ends_with(separator) { "" } else { separator };
    (2..)
        .map(|n| format!("{wanted}{separator}{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| wanted.to_string())
}

/// The singular of the last word of `phrase` (`client-secrets` → `client-secret`), or the phrase
/// as it is when that word is not a plural we can trust: short words are mostly acronyms
/// (`kms`, `aws`), and only a word ending in one `s` is taken for a plural (`data` stays).
pub fn singular(phrase: &str) -> String {
    // After the last character that is not an ASCII letter or digit, whatever its width (`straße`).
    let split = phrase.char_indices().rfind(|(_, c)| !c.is_ascii_alphanumeric()).map_or(0, |(i, c)| i + c.len_utf8());
    let (head, last) = phrase.split_at(split);
    if last.len() <= 3 || !last.ends_with('s') || last.ends_with("ss") {
        return phrase.to_string();
    }
    let one = pluralizer::pluralize(last, 1, false);
    if one.len() < 3 { phrase.to_string() } else { format!("{head}{one}") }
}

/// Whether the last word of `phrase` is a plural (`singular` would change it).
pub fn is_plural(phrase: &str) -> bool {
    singular(phrase) != phrase
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_singular_of_any_script_is_whole() {
        assert_eq!(singular("straße"), "straße");
        assert_eq!(singular("grüße-items"), "grüße-item");
        assert!(!is_plural("日本"));
    }

    #[test]
    fn labels_keep_their_words() {
        assert_eq!(label_name("OAuth"), "oauth");
        assert_eq!(label_name("iOS Apps"), "ios_apps");
        assert_eq!(label_name("API Keys"), "api_keys");
        assert_eq!(label_name("APIKeys"), "api_keys");
        assert_eq!(label_name("SSO"), "sso");
        assert_eq!(label_name("Sign In"), "sign_in");
        assert_eq!(label_name("Universal Auth"), "universal_auth");
        assert_eq!(label_name("WorkflowService"), "workflow_service");
        assert_eq!(label_name("OAuth2 Tokens"), "oauth2_tokens");
    }

    #[test]
    fn type_names() {
        assert_eq!(type_name("1Password (API Token)"), "OnePasswordApiToken");
        assert_eq!(type_name("createOnePasswordAppConnection"), "CreateOnePasswordAppConnection");
        assert_eq!(type_name("self"), "SelfType");
        assert_eq!(type_name("Option"), "OptionType");
        assert_eq!(type_name("!!!"), "Unnamed");
        assert_eq!(type_name("api-token"), "ApiToken");
    }

    #[test]
    fn snake_names() {
        assert_eq!(snake_name("projectId"), "project_id");
        assert_eq!(snake_name("type"), "type");
        assert!(needs_raw("type"));
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(snake_name("_id"), "id");
        assert_eq!(snake_name("2fa"), "two_fa");
        assert_eq!(snake_name("x-request-id"), "x_request_id");
        assert_eq!(snake_name("über"), "uber");
        assert_eq!(type_name("Größe"), "Grosse");
        assert_eq!(snake_name("日本"), "ri_ben");
    }

    #[test]
    fn numbered_names_never_double_the_separator() {
        let taken = ["self_"];
        assert_eq!(unique(&snake_name("Self"), "_", |c| taken.contains(&c)), "self_2");
    }

    #[test]
    fn every_keyword_is_handled() {
        for keyword in KEYWORDS {
            let name = snake_name(keyword);
            assert!(needs_raw(&name) || !KEYWORDS.contains(&name.as_str()), "{keyword} -> {name}");
            assert!(!KEYWORDS.contains(&type_name(keyword).as_str()), "{keyword}");
        }
    }

    proptest::proptest! {
        /// Any string becomes an identifier that Rust accepts, as a type and as a field.
        #[test]
        fn any_string_is_a_valid_identifier(text in "\\PC*") {
            let type_name = type_name(&text);
            proptest::prop_assert!(syn::parse_str::<syn::Ident>(&type_name).is_ok(), "type {:?} from {:?}", type_name, text);
            let field = snake_name(&text);
            let written = if needs_raw(&field) { format!("r#{field}") } else { field.clone() };
            proptest::prop_assert!(syn::parse_str::<syn::Ident>(&written).is_ok(), "field {:?} from {:?}", written, text);
        }

        /// However many names meet, `unique` keeps them apart.
        #[test]
        fn unique_names_stay_unique(texts in proptest::collection::vec("\\PC{0,6}", 0..40)) {
            let mut taken = std::collections::BTreeSet::new();
            for text in &texts {
                let name = unique(&snake_name(text), "_", |c| taken.contains(c));
                proptest::prop_assert!(taken.insert(name));
            }
        }
    }

    #[test]
    fn singulars_leave_acronyms_alone() {
        assert_eq!(singular("client-secrets"), "client-secret");
        assert_eq!(singular("identities"), "identity");
        assert_eq!(singular("kms"), "kms");
        assert_eq!(singular("aws"), "aws");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("access"), "access");
        assert_eq!(singular("data"), "data");
        assert!(is_plural("tags") && !is_plural("raw"));
    }

    #[test]
    fn unique_appends_numbers() {
        let taken = ["a", "a_2"];
        assert_eq!(unique("a", "_", |c| taken.contains(&c)), "a_3");
        assert_eq!(unique("b", "_", |c| taken.contains(&c)), "b");
    }
}
