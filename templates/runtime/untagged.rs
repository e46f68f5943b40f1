//! Untagged unions, decoded by one function for all of them. serde's `untagged` derive throws each
//! variant's error away ("data did not match any variant"); here each variant is tried with its
//! path tracked, and a failure names the variant that came closest, with where and why it failed.
//! One generic function rather than code per union: big crates have hundreds of unions.

use serde::Deserialize;
use serde::de::{DeserializeOwned, Error as _};
use serde_json::Value;

/// One variant of an untagged union: its name, and how a value becomes the union through it.
#[doc(hidden)]
pub type Variant<T> = (&'static str, fn(&Value) -> Result<T, VariantError>);

/// Why a value is not a variant, and where in it the variant gave up.
#[doc(hidden)]
pub struct VariantError(serde_path_to_error::Error<serde_json::Error>);

/// Tries one variant's type on a value.
#[doc(hidden)]
pub fn variant<T: DeserializeOwned>(value: &Value) -> Result<T, VariantError> {
    serde_path_to_error::deserialize(value).map_err(VariantError)
}

/// Reads an untagged union: the first variant that accepts the value. When none does, the error
/// is the closest variant's: the one that got furthest into the value before failing (a variant
/// whose required keys are all there fails below them, deeper than one that misses a key), the
/// earlier one on a tie, as the spec lists the most specific first.
#[doc(hidden)]
pub fn untagged<'de, D: serde::Deserializer<'de>, T>(
    deserializer: D,
    union: &'static str,
    variants: &[Variant<T>],
) -> Result<T, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let mut closest: Option<(usize, &'static str, VariantError)> = None;
    for (name, attempt) in variants {
        match attempt(&value) {
            Ok(decoded) => return Ok(decoded),
            Err(error) => {
                let depth = error.0.path().iter().count();
                if closest.as_ref().is_none_or(|(best, ..)| depth > *best) {
                    closest = Some((depth, name, error));
                }
            }
        }
    }
    Err(D::Error::custom(match closest {
        Some((_, name, VariantError(error))) => {
            format!("{NO_VARIANT}`{union}` fits; the closest, `{name}`, fails at `{}`: {}", error.path(), error.inner())
        }
        None => format!("{NO_VARIANT}`{union}` fits: it has none"),
    }))
}

/// How a union's failure begins, so that `SafeMessage` knows the rest: names of ours, a path of
/// names and indices, then serde's message about the variant, which it redacts in turn.
pub(crate) const NO_VARIANT: &str = "no variant of ";

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[derive(Debug, serde::Deserialize)]
    struct Listing {
        #[allow(dead_code)]
        items: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Item {
        #[allow(dead_code)]
        key: String,
        #[allow(dead_code)]
        hidden: bool,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Pending {
        #[allow(dead_code)]
        approval: String,
    }

    #[derive(Debug)]
    enum Either {
        Pending(#[allow(dead_code)] Pending),
        Listing(#[allow(dead_code)] Listing),
    }

    impl<'de> serde::Deserialize<'de> for Either {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::untagged(
                deserializer,
                "Either",
                &[
                    ("Pending", |value| super::variant(value).map(Either::Pending)),
                    ("Listing", |value| super::variant(value).map(Either::Listing)),
                ],
            )
        }
    }

    #[test]
    fn the_closest_variant_says_where_it_failed() {
        let error = serde_json::from_value::<Either>(json!({ "items": [{ "key": "A" }] })).unwrap_err();
        assert_eq!(
            error.to_string(),
            "no variant of `Either` fits; the closest, `Listing`, fails at `items[0]`: missing field `hidden`"
        );
        let error = serde_json::from_value::<Either>(json!({ "other": 1 })).unwrap_err();
        assert_eq!(
            error.to_string(),
            "no variant of `Either` fits; the closest, `Pending`, fails at `.`: missing field `approval`"
        );
        assert!(matches!(serde_json::from_value::<Either>(json!({ "approval": "a" })), Ok(Either::Pending(_))));
    }
}
