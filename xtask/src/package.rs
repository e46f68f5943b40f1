//! The generated crate's package metadata, from a small config file kept with the specs
//! (`specs/sdk.toml`): what crates.io needs to publish it (name, description, license, repository,
//! documentation, keywords, `publish`), checked here as crates.io and `cargo package` would, so
//! that a bad value is an error naming the file, not a failed publish; and, for an API whose login
//! is an ordinary operation, which operation that is (`[login]`, checked against the IR in
//! `resolve/login.rs`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Location};

/// The config file's name, looked for in the first `--specs` directory.
pub const CONFIG_FILE: &str = "sdk.toml";

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub package: Package,
    #[serde(default)]
    pub login: Option<LoginConfig>,
    /// Where `[login]` is, for errors about it.
    #[serde(skip)]
    pub login_at: Option<Location>,
    /// The maintainer's own modules and what they depend on.
    #[serde(default)]
    pub modules: BTreeMap<String, ModuleConfig>,
    #[serde(default)]
    pub dependencies: toml::Table,
    /// Where each module's table is, for errors about it.
    #[serde(skip)]
    pub modules_at: BTreeMap<String, Location>,
    /// Where each dependency is, for errors about it.
    #[serde(skip)]
    pub dependencies_at: BTreeMap<String, Location>,
    /// The file it was read from.
    #[serde(skip)]
    pub file: PathBuf,
}

/// Code of the maintainer's own, kept across regenerations: modules they write in the crate's
/// `src/` (codegen declares them in `lib.rs` and never writes, moves or removes them), and the
/// dependencies those modules add to the crate's `Cargo.toml`.
///
/// ```toml
/// [modules.ext]                  # src/ext.rs (or src/ext/mod.rs), written by you
/// reexport = ["SecretsExt"]      # `pub use ext::SecretsExt;` at the crate root
/// public = true                  # `pub mod ext;` (the default); false: `mod ext;`
///
/// [dependencies]                 # added to the crate's [dependencies], as written
/// moka = { version = "0.12", features = ["future"] }
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Handwritten {
    pub modules: BTreeMap<String, ModuleConfig>,
    pub dependencies: toml::Table,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleConfig {
    #[serde(default = "yes")]
    pub public: bool,
    #[serde(default)]
    pub reexport: Vec<String>,
}

fn yes() -> bool {
    true
}

/// `[login]`: the operation that logs in, what it takes and what its answer holds.
///
/// ```toml
/// [login]
/// operation = "POST /api/v1/auth/universal-auth/login"
/// method = "universal_auth"                 # the builder's method; default: the operation's group
/// credentials = ["clientId", "clientSecret"] # the body's fields, the method's arguments
/// token = "accessToken"                      # the answer's fields
/// expires_in = "expiresIn"                   # seconds; without it, renewed after a 401 only
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginConfig {
    pub operation: String,
    #[serde(default)]
    pub method: Option<String>,
    pub credentials: Vec<String>,
    pub token: String,
    #[serde(default)]
    pub expires_in: Option<String>,
}

/// The `[package]` keys a maintainer sets. Everything is optional: without a config the crate is
/// `publish = false`, as a crate nobody has named yet should be.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// `true`, `false`, or the registries it may go to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<Publish>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Publish {
    Allowed(bool),
    Registries(Vec<String>),
}

/// Reads and checks a config file.
pub fn load(path: &Path) -> Result<Config, Box<Diagnostic>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::error(Location::file(path), format!("cannot read: {e}")))?;
    let mut config: Config = toml::from_str(&text).map_err(|e| {
        let line = e.span().map_or(1, |span| text[..span.start].matches('\n').count() + 1);
        Box::new(
            Diagnostic::error(Location::at(path, line), format!("not a valid {CONFIG_FILE}: {}", e.message()))
                .hint("it holds a [package] table: name, description, license, repository, documentation, homepage, authors, keywords, categories, publish; and maybe a [login] table: operation, method, credentials, token, expires_in; [modules.NAME] tables: public, reexport; and [dependencies]"),
        )
    })?;
    check(&config.package).map_err(|message| Box::new(Diagnostic::error(Location::file(path), message)))?;
    // A table's header, after which a comment may follow.
    let line_of = |header: &str| {
        let bare = |l: &str| l.split('#').next().unwrap_or_default().trim().to_string();
        text.lines().position(|l| bare(l) == header).map_or(1, |n| n + 1)
    };
    config.file = path.to_path_buf();
    config.login_at = config.login.as_ref().map(|_| Location::at(path, line_of("[login]")));
    for (name, module) in &config.modules {
        let at = Location::at(path, line_of(&format!("[modules.{name}]")));
        check_module(name, module).map_err(|message| Box::new(Diagnostic::error(at.clone(), message)))?;
        config.modules_at.insert(name.clone(), at);
    }
    for name in config.dependencies.keys() {
        let line = text.lines().position(|l| {
            let key = l.split('=').next().unwrap_or_default().trim();
            key == name || key.trim_matches('"') == name
        });
        config.dependencies_at.insert(name.clone(), Location::at(path, line.map_or(1, |n| n + 1)));
    }
    Ok(config)
}

/// A module's name and re-exports are plain Rust names (codegen checks them against the crate's).
fn check_module(name: &str, module: &ModuleConfig) -> Result<(), String> {
    let plain = |text: &str| {
        text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !crate::ident::needs_raw(text)
            && !["self", "super", "crate", "Self", "_"].contains(&text)
    };
    if !plain(name) || name.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(format!("module `{name}`: a module is named in snake_case, and not with a keyword"));
    }
    if let Some(bad) = module.reexport.iter().find(|r| !plain(r)) {
        return Err(format!("module `{name}`: `{bad}` in `reexport` is not a name of the module (`SecretsExt`)"));
    }
    Ok(())
}

/// The config for a run: the one named, else `sdk.toml` in the first specs directory, if any.
pub fn find(explicit: Option<&Path>, specs: &[PathBuf]) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return Some(path.to_path_buf());
    }
    let dir = specs.first().filter(|p| p.is_dir())?;
    Some(dir.join(CONFIG_FILE)).filter(|p| p.is_file())
}

/// What crates.io refuses, said before anything is generated.
fn check(package: &Package) -> Result<(), String> {
    if let Some(name) = &package.name {
        let valid = name.len() <= 64
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(format!(
                "`{name}` is not a crate name: ASCII letters, digits, `-` and `_`, starting with a letter, at most 64"
            ));
        }
    }
    if package.keywords.len() > 5 {
        return Err(format!("crates.io takes at most 5 keywords, not {}", package.keywords.len()));
    }
    for keyword in &package.keywords {
        let valid = !keyword.is_empty()
            && keyword.len() <= 20
            && keyword.starts_with(|c: char| c.is_ascii_alphanumeric())
            && keyword.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '+');
        if !valid {
            return Err(format!(
                "keyword `{keyword}`: at most 20 ASCII letters, digits, `-`, `_` or `+`, starting with a letter or digit"
            ));
        }
    }
    for (key, value) in [
        ("repository", &package.repository),
        ("documentation", &package.documentation),
        ("homepage", &package.homepage),
    ] {
        if let Some(url) = value
            && url::Url::parse(url).is_err()
        {
            return Err(format!("`{key}` is not a URL: {url}"));
        }
    }
    Ok(())
}

/// The generated `Cargo.toml`'s `[package]` table.
pub fn package_table(package: &Package, name: &str, version: &str, default_description: &str) -> String {
    #[derive(Serialize)]
    struct Table<'a> {
        name: &'a str,
        version: &'a str,
        edition: &'a str,
        #[serde(rename = "rust-version")]
        rust_version: &'a str,
        description: &'a str,
        license: &'a str,
        readme: &'a str,
        /// The IR copy is for the next generation, not for the crate's users.
        exclude: [&'a str; 1],
        #[serde(flatten)]
        rest: Package,
    }
    let rest = Package {
        name: None,
        description: None,
        license: None,
        publish: Some(package.publish.clone().unwrap_or(Publish::Allowed(false))),
        ..package.clone()
    };
    let table = Table {
        name,
        version,
        edition: "2024",
        rust_version: "1.85",
        description: package.description.as_deref().unwrap_or(default_description),
        license: package.license.as_deref().unwrap_or("MIT OR Apache-2.0"),
        readme: "README.md",
        exclude: [crate::lock::IR_FILE],
        rest,
    };
    #[derive(Serialize)]
    struct Manifest<'a> {
        package: Table<'a>,
    }
    toml::to_string(&Manifest { package: table }).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Package, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        check(&config.package)?;
        Ok(config.package)
    }

    #[test]
    fn crates_io_rules_are_checked() {
        assert!(parse("[package]\nname = \"my-sdk\"\nkeywords = [\"secrets\", \"api\"]\n").is_ok());
        assert!(parse("[package]\nname = \"9lives\"\n").unwrap_err().contains("not a crate name"));
        assert!(
            parse("[package]\nkeywords = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]\n")
                .unwrap_err()
                .contains("at most 5")
        );
        assert!(parse("[package]\nkeywords = [\"two words\"]\n").unwrap_err().contains("keyword"));
        assert!(parse("[package]\nrepository = \"not a url\"\n").unwrap_err().contains("not a URL"));
        assert!(parse("[package]\nnmae = \"typo\"\n").is_err(), "unknown keys are refused");
    }

    #[test]
    fn a_login_section_is_read_and_its_line_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        let text =
            "[package]\nname = \"x\"\n\n[login]\noperation = \"POST /login\"\ncredentials = [\"id\"]\ntoken = \"t\"\n";
        std::fs::write(&path, text).unwrap();
        let config = load(&path).unwrap();
        assert_eq!(config.login.unwrap().operation, "POST /login");
        assert_eq!(config.login_at.unwrap().line, Some(4));
        std::fs::write(
            &path,
            "[login]\noperation = \"POST /login\"\ncredentials = []\ntoken = \"t\"\nexpires = \"e\"\n",
        )
        .unwrap();
        let error = load(&path).unwrap_err();
        assert_eq!(error.location.line, Some(5), "{error:?}");
    }

    #[test]
    fn the_table_is_valid_toml_with_publish_false_by_default() {
        let table = package_table(&Package::default(), "x-sdk", "0.1.0", "A \"quoted\" description");
        let parsed: toml::Value = toml::from_str(&table).unwrap();
        assert_eq!(parsed["package"]["publish"], toml::Value::Boolean(false));
        assert_eq!(parsed["package"]["description"].as_str(), Some("A \"quoted\" description"));
        let published =
            Package { publish: Some(Publish::Allowed(true)), keywords: vec!["api".into()], ..Package::default() };
        let parsed: toml::Value = toml::from_str(&package_table(&published, "x", "1.0.0", "d")).unwrap();
        assert_eq!(parsed["package"]["publish"], toml::Value::Boolean(true));
        assert_eq!(parsed["package"]["keywords"][0].as_str(), Some("api"));
    }
}
