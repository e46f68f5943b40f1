//! Untagged unions, decoded by one function for all of them, following the fit each variant's
//! spec gives it (docs/design.md, "Unions"), so that a value is read as the variant it fits, not
//! the first that decodes: a variant fits when the value is of its kind, holds its required
//! properties, has values its enums and constants allow, and, for a closed object, declares no
//! property it does not. Of those that fit, the one whose properties explain most of the value's
//! wins, the spec's order breaking ties; a variant that explains none of a value's properties
//! fits only by ignoring them and is never chosen. No variant fits: the union's catch-all keeps
//! the value as received. One generic function over per-union tables, not code per variant: big
//! crates have hundreds of unions.

use serde::Deserialize;
use serde::de::{DeserializeOwned, Error as _};
use serde_json::Value;

/// The kinds of JSON value a variant may be.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Object,
    String,
    Integer,
    Number,
    Boolean,
    Array,
}

/// What a value must be to be read as a variant: decided from the spec when the crate was made.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Fit {
    /// `None`: any kind.
    pub kind: Option<Kind>,
    /// The values the value itself may be (a scalar enum), each as JSON text; empty: any.
    pub one_of: &'static [&'static str],
    pub required: &'static [&'static str],
    /// The properties it declares.
    pub properties: &'static [&'static str],
    /// `additionalProperties: false`: it declares every property a value of it may hold.
    pub closed: bool,
    /// It keeps the properties it does not declare (a map beside its fields): it explains them all.
    pub keeps_others: bool,
    /// Properties whose values it lists (an enum) or fixes (a constant), each value as JSON text.
    pub values: &'static [(&'static str, &'static [&'static str])],
    /// A union of its own: it fits where one of these does.
    pub alternatives: &'static [Fit],
}

/// One variant of an untagged union: its name, its fit (`None`: whatever decodes), and how a
/// value becomes the union through it.
#[doc(hidden)]
pub type Variant<T> = (&'static str, Option<Fit>, fn(&Value) -> Result<T, VariantError>);

/// Why a value is not a variant, and where in it the variant gave up.
#[doc(hidden)]
pub struct VariantError(serde_path_to_error::Error<serde_json::Error>);

/// Tries one variant's type on a value.
#[doc(hidden)]
pub fn variant<T: DeserializeOwned>(value: &Value) -> Result<T, VariantError> {
    serde_path_to_error::deserialize(value).map_err(VariantError)
}

/// Why a value does not fit a variant, in words of the spec's only (never the value's: a key a
/// value holds may be data).
enum Misfit {
    Kind,
    NotListed,
    Missing(&'static str),
    Value(&'static str),
    Undeclared,
    Unexplained,
    Another,
}

/// Whether a JSON value is one of the texts listed (numbers as numbers: `1` is `1.0`).
fn listed(held: &Value, allowed: &[&str]) -> bool {
    match held {
        Value::Number(n) => allowed.iter().any(|a| a.parse::<f64>().ok() == n.as_f64()),
        _ => {
            let text = serde_json::to_string(held).unwrap_or_default();
            allowed.contains(&text.as_str())
        }
    }
}

impl Fit {
    /// How many of the value's parts the variant explains (its properties; for a scalar, 1 where
    /// it names the value's exact kind or value), when the value fits it.
    fn score(&self, value: &Value) -> Result<usize, Misfit> {
        if !self.alternatives.is_empty() {
            let scores = self.alternatives.iter().map(|fit| fit.score(value));
            let mut first_misfit = None;
            let mut best = None;
            for score in scores {
                match score {
                    Ok(score) => best = best.max(Some(score)),
                    Err(why) => {
                        first_misfit.get_or_insert(why);
                    }
                }
            }
            return best.ok_or(first_misfit.unwrap_or(Misfit::Kind));
        }
        let whole = matches!(value, Value::Number(n) if n.is_i64() || n.is_u64());
        let kind_fits = match (self.kind, value) {
            (None, _) => true,
            (Some(Kind::Object), Value::Object(_)) | (Some(Kind::String), Value::String(_)) => true,
            (Some(Kind::Boolean), Value::Bool(_)) | (Some(Kind::Array), Value::Array(_)) => true,
            (Some(Kind::Number), Value::Number(_)) => true,
            (Some(Kind::Integer), Value::Number(_)) => whole,
            _ => false,
        };
        if !kind_fits {
            return Err(Misfit::Kind);
        }
        if !self.one_of.is_empty() && !listed(value, self.one_of) {
            return Err(Misfit::NotListed);
        }
        let Value::Object(object) = value else {
            // A whole number is an integer before a number; a listed value before any.
            let exact = (self.kind == Some(Kind::Integer) && whole) || !self.one_of.is_empty();
            return Ok(usize::from(exact));
        };
        if let Some(missing) = self.required.iter().find(|p| !object.contains_key(**p)) {
            return Err(Misfit::Missing(missing));
        }
        for (property, allowed) in self.values {
            let refused = object.get(*property).is_some_and(|held| !held.is_null() && !listed(held, allowed));
            if refused {
                return Err(Misfit::Value(property));
            }
        }
        let explained = match self.keeps_others {
            true => object.len(),
            false => object.keys().filter(|k| self.declares(k)).count(),
        };
        if self.closed && explained < object.len() {
            return Err(Misfit::Undeclared);
        }
        // A variant that declares properties and explains none of the value's fits only by
        // ignoring them (one that declares none is a map, or any object).
        if explained == 0 && !object.is_empty() && !self.properties.is_empty() {
            return Err(Misfit::Unexplained);
        }
        Ok(explained)
    }

    /// Whether the variant would keep a property of this name.
    fn declares(&self, key: &str) -> bool {
        self.keeps_others || self.properties.contains(&key) || self.alternatives.iter().any(|fit| fit.declares(key))
    }
}

/// Reads an untagged union: the variant the value fits best (see the module), decoded; where no
/// variant fits, `other` keeps the value. When every variant that fits fails to decode, the error
/// is the best one's, with where and why it failed, and why the others do not fit. Only the loop
/// over the decoders is generic: ranking and the message are compiled once for every union.
#[doc(hidden)]
pub fn untagged<'de, D: serde::Deserializer<'de>, T>(
    deserializer: D,
    union: &'static str,
    variants: &[Variant<T>],
    other: fn(Value) -> T,
) -> Result<T, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let fits: Vec<(&'static str, Option<Fit>)> = variants.iter().map(|(name, fit, _)| (*name, *fit)).collect();
    let ranked = rank(&value, &fits);
    let mut failure: Option<(usize, VariantError)> = None;
    for &index in &ranked.fitting {
        match (variants[index].2)(&value) {
            Ok(decoded) => return Ok(decoded),
            Err(error) => {
                failure.get_or_insert((index, error));
            }
        }
    }
    match failure {
        None => Ok(other(value)),
        Some((index, error)) => Err(D::Error::custom(message(union, variants[index].0, &ranked.misfits, error))),
    }
}

/// The variants a value fits, best first, and why it does not fit the others.
struct Ranked {
    fitting: Vec<usize>,
    misfits: Vec<(&'static str, Misfit)>,
}

fn rank(value: &Value, fits: &[(&'static str, Option<Fit>)]) -> Ranked {
    let mut fitting: Vec<(usize, usize)> = Vec::new();
    let mut misfits = Vec::new();
    for (index, (name, fit)) in fits.iter().enumerate() {
        let score = fit.as_ref().map_or(Ok(0), |fit| fit.score(value)).and_then(|score| {
            // A property this variant would drop that another keeps: the value is not this one's
            // alone to take (nothing is dropped without a trace).
            let dropped = |key: &String| {
                !fit.as_ref().is_none_or(|fit| fit.declares(key))
                    && fits.iter().any(|(_, other)| other.as_ref().is_some_and(|other| other.declares(key)))
            };
            match value {
                Value::Object(object) if object.keys().any(dropped) => Err(Misfit::Another),
                _ => Ok(score),
            }
        });
        match score {
            Ok(score) => fitting.push((score, index)),
            Err(why) => misfits.push((*name, why)),
        }
    }
    // The most explained first; the spec's order among equals.
    fitting.sort_by_key(|&(score, index)| (std::cmp::Reverse(score), index));
    Ranked { fitting: fitting.into_iter().map(|(_, index)| index).collect(), misfits }
}

fn message(
    union: &str,
    closest: &str,
    misfits: &[(&'static str, Misfit)],
    VariantError(error): VariantError,
) -> String {
    let reasons: Vec<String> = misfits
        .iter()
        .map(|(name, why)| match why {
            Misfit::Kind => format!("`{name}` is another kind of value"),
            Misfit::NotListed => format!("`{name}` lists other values"),
            Misfit::Missing(property) => format!("`{name}` needs `{property}`"),
            Misfit::Value(property) => format!("`{name}` allows other values of `{property}`"),
            Misfit::Undeclared => format!("`{name}` is closed to a property the value holds"),
            Misfit::Unexplained => format!("`{name}` declares none of the value's properties"),
            Misfit::Another => format!("`{name}` would drop a property another variant keeps"),
        })
        .collect();
    let others = if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join(", ")) };
    format!(
        "{NO_VARIANT}`{union}` fits{others}; the closest, `{closest}`, fails at `{}`: {}",
        error.path(),
        error.inner()
    )
}

/// How a union's failure begins, so that `SafeMessage` knows the rest: names of ours, a path of
/// names and indices, then serde's message about the variant, which it redacts in turn.
pub(crate) const NO_VARIANT: &str = "no variant of ";

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Fit, Kind};

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Card {
        number: String,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct PayPal {
        #[serde(rename = "orderID")]
        order_id: Option<String>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct ApplePay {
        #[serde(rename = "applePayToken")]
        token: Option<String>,
    }

    #[derive(Debug, PartialEq)]
    enum Method {
        Card(Card),
        PayPal(PayPal),
        ApplePay(ApplePay),
        Other(serde_json::Value),
    }

    const CLOSED: Fit = Fit {
        kind: Some(Kind::Object),
        one_of: &[],
        required: &[],
        properties: &[],
        closed: true,
        keeps_others: false,
        values: &[],
        alternatives: &[],
    };

    impl<'de> serde::Deserialize<'de> for Method {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::untagged(
                deserializer,
                "Method",
                &[
                    ("Card", Some(Fit { required: &["number"], properties: &["type", "number"], ..CLOSED }), |value| {
                        super::variant(value).map(Method::Card)
                    }),
                    (
                        "PayPal",
                        Some(Fit { properties: &["type", "orderID"], values: &[("type", &["\"paypal\""])], ..CLOSED }),
                        |value| super::variant(value).map(Method::PayPal),
                    ),
                    (
                        "ApplePay",
                        Some(Fit {
                            properties: &["type", "applePayToken"],
                            values: &[("type", &["\"applepay\""])],
                            ..CLOSED
                        }),
                        |value| super::variant(value).map(Method::ApplePay),
                    ),
                ],
                Method::Other,
            )
        }
    }

    fn read(value: serde_json::Value) -> Method {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn a_value_is_the_variant_it_fits() {
        let token = || Method::ApplePay(ApplePay { token: Some("tok".into()) });
        assert_eq!(read(json!({ "applePayToken": "tok" })), token());
        assert_eq!(read(json!({ "type": "applepay", "applePayToken": "tok" })), token());
        assert_eq!(read(json!({ "orderID": "o" })), Method::PayPal(PayPal { order_id: Some("o".into()) }));
        assert_eq!(read(json!({ "number": "4242" })), Method::Card(Card { number: "4242".into() }));
        // Nothing fits: kept as received.
        assert_eq!(read(json!({ "iban": "DE" })), Method::Other(json!({ "iban": "DE" })));
        assert_eq!(read(json!("cash")), Method::Other(json!("cash")));
    }

    #[test]
    fn a_variant_that_fits_but_does_not_decode_says_why_and_why_not_the_others() {
        let error = serde_json::from_value::<Method>(json!({ "number": 4242 })).unwrap_err();
        assert_eq!(
            error.to_string(),
            "no variant of `Method` fits (`PayPal` is closed to a property the value holds, `ApplePay` is closed to a \
             property the value holds); the closest, `Card`, fails at `number`: invalid type: integer `4242`, expected a \
             string"
        );
    }
}
