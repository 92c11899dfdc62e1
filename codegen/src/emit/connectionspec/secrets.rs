//! Which members of a connectionSpec's types are secrets: a string member with
//! `format: password`, or one whose name says it holds a credential (`password`,
//! `clientSecret`, `accessToken`, `connectionString`, `accountKey`, ...). Those are typed
//! `rt::Secret`, which is redacted in `Debug` output (and so in logs and errors) and
//! sent as the plain string.

use crate::ir::facts::{facts, flatten_all};
use crate::ir::types::{DefKind, RustType, TypeSet};
use crate::ir::{NodeId, Unit};

/// Words that make a member name a secret's, compared without case, `_` or `-`.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passphrase",
    "secret",
    "token",
    "connectionstring",
    "credential",
    "privatekey",
    "apikey",
    "accesskey",
    "accountkey",
    "saskey",
    "signingkey",
    "sastoken",
];

/// Name endings that make a member about a secret rather than the secret itself
/// (`tokenUrl`, `secretName`, `passwordExpiry`).
const NOT_SECRET_ENDINGS: &[&str] = &[
    "url",
    "uri",
    "endpoint",
    "type",
    "name",
    "id",
    "expiry",
    "expiration",
    "path",
    "length",
];

/// Whether a member named `wire` holds a secret by its name.
pub fn secret_name(wire: &str) -> bool {
    let n: String = wire
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if n == "key" || n == "pwd" {
        return true;
    }
    SECRET_WORDS.iter().any(|w| n.contains(w)) && !NOT_SECRET_ENDINGS.iter().any(|e| n.ends_with(e))
}

/// Whether any of `nodes` (flattened) says `format: password`.
fn password_format(unit: &Unit, nodes: &[NodeId]) -> bool {
    flatten_all(unit, nodes)
        .iter()
        .any(|n| unit.node(*n).keywords().and_then(|k| k.format.as_deref()) == Some("password"))
}

/// Retypes the secret string members of every struct in `types` as `rt::Secret`.
pub fn mark(types: &mut TypeSet, unit: &Unit, formats: bool) {
    // First decide (reading), then change (writing).
    let mut plain: Vec<(usize, usize)> = Vec::new();
    let mut newtypes: Vec<usize> = Vec::new();
    for (d, def) in types.defs.iter().enumerate() {
        let (shape, nodes) = match &def.kind {
            DefKind::Struct(shape) => (shape, def.validators.clone()),
            DefKind::VariantStruct { shape, parent, .. } => {
                (shape, types.def(*parent).validators.clone())
            }
            _ => continue,
        };
        let f = facts(unit, &flatten_all(unit, &nodes), formats);
        for (i, field) in shape.fields.iter().enumerate() {
            let by_format = f
                .property(&field.wire)
                .is_some_and(|ids| password_format(unit, ids));
            if !(by_format || secret_name(&field.wire)) {
                continue;
            }
            match &field.ty {
                RustType::String => plain.push((d, i)),
                RustType::Named(n) => {
                    if matches!(types.def(*n).kind, DefKind::Newtype(RustType::String)) {
                        newtypes.push(n.0);
                    }
                }
                _ => {}
            }
        }
    }
    for (d, i) in plain {
        if let DefKind::Struct(shape) | DefKind::VariantStruct { shape, .. } =
            &mut types.defs[d].kind
        {
            shape.fields[i].ty = RustType::Secret;
        }
    }
    for n in newtypes {
        types.defs[n].kind = DefKind::Newtype(RustType::Secret);
    }
}

#[cfg(test)]
mod tests {
    use super::secret_name;

    #[test]
    fn names_of_secrets() {
        for yes in [
            "password",
            "clientSecret",
            "accessToken",
            "refresh_token",
            "connectionString",
            "accountKey",
            "key",
            "secretAccessKey",
            "sasToken",
            "privateKey",
        ] {
            assert!(secret_name(yes), "{yes}");
        }
        for no in [
            "url",
            "username",
            "tokenUrl",
            "secretName",
            "keyVaultUrl",
            "tableName",
            "primaryKeyColumn",
            "accessTokenType",
            "clientId",
        ] {
            assert!(!secret_name(no), "{no}");
        }
    }
}
