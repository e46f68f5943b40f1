//! Calls written as a user writes them, for rustdoc: the README's first example (the simplest
//! operation whose arguments are all literals) and one per operation, in its method's rustdoc
//! (its required arguments, one optional setter where there is one, the body built with its
//! constructor, a union as its first variant). Both are doctests, so the crate's `cargo test`
//! compiles every one (edition 2024 merges them into one binary).

use std::collections::BTreeMap;

use crate::ir::{Operation, Param, Presence, TypeKind, TypeRef};
use crate::usage::Direction;

/// What writes values: the IR's types, and the crate's name as a caller spells it.
pub(super) struct Writer<'a> {
    pub kinds: &'a BTreeMap<&'a str, &'a TypeKind>,
    pub crate_ident: &'a str,
    pub sent: &'a BTreeMap<String, Direction>,
    /// Only literals and constructors (the README's example); otherwise a value that cannot be
    /// written is a parameter of the example's hidden function.
    pub strict: bool,
}

/// A call written out: the `let`s before it, the call itself (`group().method(args)`), the
/// values it takes from outside (name and type, hidden in rustdoc), and what it costs to read.
pub(super) struct Written {
    pub lines: Vec<String>,
    pub call: String,
    pub given: Vec<(String, String)>,
    pub cost: usize,
}

/// How deep a body may nest before its values are given rather than built.
const MAX_DEPTH: usize = 3;

impl Writer<'_> {
    /// The call of `op`, or `None` in strict mode when one of its values is not a literal.
    pub fn call(&self, op: &Operation) -> Option<Written> {
        let mut written = Written { lines: Vec::new(), call: String::new(), given: Vec::new(), cost: 0 };
        written.cost = if op.method == "GET" { 0 } else { 10 };
        let mut arguments = Vec::new();
        for p in op.arguments() {
            written.cost += 1;
            arguments.push(self.argument(p, &mut written)?);
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.required) {
            written.cost += 5;
            arguments.push(self.body(body, &mut written)?);
        }
        let method = ident_text(&op.name);
        written.call = match &op.group {
            Some(group) => format!("{}().{method}({})", ident_text(group), arguments.join(", ")),
            None => format!("{method}({})", arguments.join(", ")),
        };
        Some(written)
    }

    /// The first optional parameter as its setter (`.version(1)`), or the optional body's.
    pub fn setter(&self, op: &Operation, written: &mut Written) -> Option<String> {
        if let Some(p) = op.optional_params().next() {
            let value = self.argument(p, written)?;
            return Some(format!(".{}({value})", ident_text(&p.name)));
        }
        let body = op.body.as_ref().filter(|b| !b.required)?;
        Some(format!(".body({})", self.body(body, written)?))
    }

    /// What an alias stands for, through any chain of them.
    fn unaliased<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut ty = ty;
        for _ in 0..16 {
            match ty {
                TypeRef::Named(name) => match self.kinds.get(name.as_str()) {
                    Some(TypeKind::Alias { target }) => ty = target,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    /// A string as an owned value where a reference to one is taken (`&String`, `&Secret`).
    fn owned_text(&self, ty: &TypeRef) -> Option<String> {
        match ty {
            TypeRef::String => Some("String::from(\"...\")".into()),
            TypeRef::Secret => Some(format!("{}::Secret::from(\"...\")", self.crate_ident)),
            _ => None,
        }
    }

    /// A parameter's value as the method takes it (`&str`, scalars by value, `&[T]`, `&T`).
    fn argument(&self, p: &Param, written: &mut Written) -> Option<String> {
        Some(match &p.ty {
            TypeRef::String => format!("{:?}", p.wire),
            TypeRef::Boolean => "true".into(),
            TypeRef::I32 | TypeRef::I64 => "1".into(),
            TypeRef::F64 => "1.0".into(),
            _ if self.strict => return None,
            TypeRef::Array(_) => "&[]".into(),
            // `&types::Name` where `Name` is `String` (or a `Secret`) takes a `&String`.
            other if self.owned_text(self.unaliased(other)).is_some() => {
                format!("&{}", self.owned_text(self.unaliased(other))?)
            }
            other => {
                let (value, cost) = self.value(other, &p.name, 0, written)?;
                written.cost += cost;
                format!("&{value}")
            }
        })
    }

    /// The body, as a `let body` and the argument that passes it.
    fn body(&self, body: &crate::ir::Body, written: &mut Written) -> Option<String> {
        use crate::ir::MediaKind;
        match body.kind {
            MediaKind::Text if !self.strict => return Some("\"...\"".into()),
            MediaKind::Binary if !self.strict => return Some("std::fs::read(\"upload.bin\")?".into()),
            _ => {}
        }
        // Taken as `&String`, not `&str`, also through an alias.
        let (expression, cost) = match self.owned_text(self.unaliased(&body.ty)) {
            Some(text) => (text, 1),
            None => self.value(&body.ty, "body", 0, written)?,
        };
        written.cost += cost;
        written.lines.push(format!("let body = {expression};"));
        Some("&body".into())
    }

    /// A Rust expression for a value of `ty`, and what writing it costs. A struct inside another
    /// is built in a `let` of its own, so that no line grows long.
    fn value(&self, ty: &TypeRef, name: &str, depth: usize, written: &mut Written) -> Option<(String, usize)> {
        let types = format!("{}::types", self.crate_ident);
        let krate = self.crate_ident;
        if depth > MAX_DEPTH {
            return self.given(ty, name, written);
        }
        Some(match ty {
            TypeRef::String | TypeRef::Secret => ("\"...\"".into(), 1),
            TypeRef::Boolean => ("true".into(), 1),
            TypeRef::I32 | TypeRef::I64 => ("1".into(), 1),
            TypeRef::F64 => ("1.0".into(), 1),
            TypeRef::Uri => ("url::Url::parse(\"https://example.com\")?".into(), 2),
            TypeRef::Array(_) => ("Vec::new()".into(), 1),
            // `new` takes `impl Into<Map<V>>`, which `Default::default()` leaves ambiguous.
            TypeRef::Map(_) => (format!("{}::Map::default()", self.crate_ident), 1),
            TypeRef::Uuid if !self.strict => (format!("{krate}::uuid::Uuid::nil()"), 1),
            TypeRef::DateTime if !self.strict => (format!("{krate}::chrono::Utc::now()"), 1),
            TypeRef::Date if !self.strict => (format!("{krate}::chrono::NaiveDate::default()"), 1),
            TypeRef::Any if !self.strict => (format!("{krate}::Json::from({krate}::serde_json::json!({{}}))"), 1),
            TypeRef::Nullable(_) if !self.strict => ("None".into(), 1),
            TypeRef::Boxed(inner) => {
                let (inner, cost) = self.value(inner, name, depth + 1, written)?;
                (format!("Box::new({inner})"), cost)
            }
            TypeRef::Named(type_name) => match self.kinds.get(type_name.as_str())? {
                TypeKind::Struct(s) if self.sent.get(type_name).is_some_and(|d| d.is_sent()) => {
                    let mut cost = 1;
                    let mut arguments = Vec::new();
                    for field in s.fields.iter().filter(|f| super::constructors::is_argument(f)) {
                        // `new` takes `impl Into<Box<T>>`: a `T` does.
                        let ty = match &field.ty {
                            TypeRef::Boxed(inner) if !self.strict => inner,
                            ty => ty,
                        };
                        let (expression, field_cost) = match field.presence {
                            Presence::Nullable => ("None".into(), 1),
                            _ => self.value(ty, &field.name, depth + 1, written)?,
                        };
                        cost += field_cost;
                        let nested = matches!(ty, TypeRef::Named(n) if matches!(self.kinds.get(n.as_str()), Some(TypeKind::Struct(_))));
                        if nested && !written.given.iter().any(|(given, _)| *given == expression) {
                            let variable = self.local(&field.name, written);
                            written.lines.push(format!("let {variable} = {expression};"));
                            arguments.push(variable);
                        } else {
                            arguments.push(expression);
                        }
                    }
                    (format!("{types}::{type_name}::new({})", arguments.join(", ")), cost)
                }
                TypeKind::Enum(e) if !e.values.is_empty() => (format!("{types}::{type_name}::{}", e.values[0].name), 1),
                TypeKind::Alias { target } => self.value(target, name, depth + 1, written)?,
                // A union is shown as its first variant, built like any other value.
                TypeKind::Union(u) if !self.strict && !u.variants.is_empty() => {
                    let variant = &u.variants[0];
                    // A variant takes its payload as it is: no `Into` makes a `String` of `"..."`.
                    let (inner, cost) = match self.owned_text(self.unaliased(&variant.ty)) {
                        Some(text) => (text, 1),
                        None => self.value(&variant.ty, name, depth + 1, written)?,
                    };
                    (format!("{types}::{type_name}::{}({inner})", ident_text(&variant.name)), cost + 1)
                }
                _ => return self.given(ty, name, written),
            },
            _ => return self.given(ty, name, written),
        })
    }

    /// A value the example takes from its caller: a parameter of the hidden function.
    fn given(&self, ty: &TypeRef, name: &str, written: &mut Written) -> Option<(String, usize)> {
        if self.strict {
            return None;
        }
        let variable = self.local(name, written);
        written.given.push((variable.clone(), type_text(ty, self.crate_ident)));
        Some((variable, 3))
    }

    /// A local name for the example, free among its `let`s and given values: a keyword field
    /// (`type`) takes a `_`.
    fn local(&self, wanted: &str, written: &Written) -> String {
        let wanted = if crate::ident::needs_raw(wanted) { format!("{wanted}_") } else { wanted.to_string() };
        crate::ident::unique(&wanted, "_", |c| {
            written.lines.iter().any(|l| l.starts_with(&format!("let {c} =")))
                || written.given.iter().any(|(given, _)| given == c)
                || c == "body"
                || c == "client"
                || c == "response"
        })
    }
}

/// A type as a caller of the crate writes it.
fn type_text(ty: &TypeRef, krate: &str) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Uuid => format!("{krate}::uuid::Uuid"),
        TypeRef::DateTime => format!("{krate}::chrono::DateTime<{krate}::chrono::Utc>"),
        TypeRef::Date => format!("{krate}::chrono::NaiveDate"),
        TypeRef::Uri => "url::Url".into(),
        TypeRef::Secret => format!("{krate}::Secret"),
        TypeRef::Any => format!("{krate}::Json"),
        TypeRef::Binary => format!("{krate}::File"),
        TypeRef::Named(name) => format!("{krate}::types::{name}"),
        TypeRef::Array(inner) => format!("Vec<{}>", type_text(inner, krate)),
        TypeRef::Map(inner) => format!("{krate}::Map<{}>", type_text(inner, krate)),
        TypeRef::Boxed(inner) => format!("Box<{}>", type_text(inner, krate)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(inner, krate)),
    }
}

/// A name as it is written in code: `r#type` for a keyword.
fn ident_text(name: &str) -> String {
    super::rust::ident(name).to_string()
}

/// The `# Example` section of an operation's rustdoc: a doctest that compiles, whose hidden lines
/// give it a client and any value it cannot build from literals.
pub(super) fn operation(writer: &Writer, op: &Operation) -> Option<String> {
    let mut written = writer.call(op)?;
    let setter = writer.setter(op, &mut written);
    let krate = writer.crate_ident;
    let full = format!("{krate}::types::");
    let uses_types = written.lines.iter().chain([&written.call]).chain(setter.iter()).any(|l| l.contains(&full));
    let shorten = |line: &str| line.replace(&full, "types::");
    let mut text = String::from("# Example\n\n```no_run\n");
    if op.deprecated {
        text.push_str("# #[allow(deprecated)]\n");
    }
    let given: String = written.given.iter().map(|(name, ty)| format!(", {name}: {ty}")).collect();
    text.push_str(&format!(
        "# async fn example(client: &{krate}::Client{given}) -> Result<(), Box<dyn std::error::Error>> {{\n"
    ));
    if uses_types {
        text.push_str(&format!("use {krate}::types;\n\n"));
    }
    for line in &written.lines {
        text.push_str(&shorten(line));
        text.push('\n');
    }
    let answers = op.successes.is_some() || op.responses.iter().any(|r| r.is_success() && r.ty.is_some());
    let binding = if answers { "let response = " } else { "" };
    match setter {
        Some(setter) => text.push_str(&format!(
            "{binding}client\n    .{}\n    {}\n    .await?;\n",
            shorten(&written.call),
            shorten(&setter)
        )),
        None => text.push_str(&format!("{binding}client.{}.await?;\n", shorten(&written.call))),
    }
    text.push_str("# Ok(())\n# }\n```");
    Some(text)
}
