//! The version bump a set of changes calls for, with Cargo's rules for 0.x crates: there the
//! minor number is the breaking one, and everything else is a patch.

use super::rules::Level;

/// The next version after `current` for changes whose highest level is `highest`.
pub fn next(current: &semver::Version, highest: Option<Level>) -> semver::Version {
    let Some(highest) = highest else { return current.clone() };
    let (major, minor, patch) = (current.major, current.minor, current.patch);
    let (major, minor, patch) = match (major, minor, highest) {
        (0, 0, _) => (0, 0, patch + 1),
        (0, _, Level::Breaking) => (0, minor + 1, 0),
        (0, _, _) => (0, minor, patch + 1),
        (_, _, Level::Breaking) => (major + 1, 0, 0),
        (_, _, Level::Addition) => (major, minor + 1, 0),
        (_, _, Level::Patch) => (major, minor, patch + 1),
    };
    semver::Version::new(major, minor, patch)
}

/// "major", "minor" or "patch": which number `next` moved.
pub fn bump_name(from: &semver::Version, to: &semver::Version) -> &'static str {
    if to.major != from.major {
        "major"
    } else if to.minor != from.minor {
        "minor"
    } else if to.patch != from.patch {
        "patch"
    } else {
        "none"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> semver::Version {
        text.parse().unwrap()
    }

    #[test]
    fn cargo_rules_for_zero_x_and_for_one_x() {
        assert_eq!(next(&v("0.1.0"), Some(Level::Breaking)), v("0.2.0"));
        assert_eq!(next(&v("0.1.3"), Some(Level::Addition)), v("0.1.4"));
        assert_eq!(next(&v("0.1.3"), Some(Level::Patch)), v("0.1.4"));
        assert_eq!(next(&v("0.0.3"), Some(Level::Addition)), v("0.0.4"));
        assert_eq!(next(&v("1.2.3"), Some(Level::Breaking)), v("2.0.0"));
        assert_eq!(next(&v("1.2.3"), Some(Level::Addition)), v("1.3.0"));
        assert_eq!(next(&v("1.2.3"), Some(Level::Patch)), v("1.2.4"));
        assert_eq!(next(&v("1.2.3"), None), v("1.2.3"));
        assert_eq!(bump_name(&v("0.1.0"), &v("0.2.0")), "minor");
    }
}
