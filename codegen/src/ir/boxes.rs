//! Which fields of generated structs are boxed: those whose type contains the struct
//! itself by value (a recursive schema), found as strongly connected components.

use super::types::{Def, DefKind, RustType, StructShape, TypeSet};

/// Boxes every field whose type contains the field's owner by value (a recursive type).
pub(super) fn mark_boxes(set: &mut TypeSet) {
    let by_value = |def: &Def| -> Vec<usize> {
        let direct = |shape: &StructShape| {
            shape
                .fields
                .iter()
                .filter_map(|f| {
                    if let RustType::Named(d) = f.ty {
                        Some(d.0)
                    } else {
                        None
                    }
                })
                .collect::<Vec<_>>()
        };
        match &def.kind {
            DefKind::Struct(s) | DefKind::VariantStruct { shape: s, .. } => direct(s),
            DefKind::Tagged { variants, .. } => variants.iter().map(|v| v.def.0).collect(),
            DefKind::Newtype(RustType::Named(d)) => vec![d.0],
            _ => Vec::new(),
        }
    };
    let edges: Vec<Vec<usize>> = set.defs.iter().map(by_value).collect();
    // A field's type contains its owner exactly when both are in one strongly connected
    // component of the by-value graph.
    let component = components(&edges);
    let mut to_box = Vec::new();
    for (owner, def) in set.defs.iter().enumerate() {
        if let DefKind::Struct(s) | DefKind::VariantStruct { shape: s, .. } = &def.kind {
            for (i, f) in s.fields.iter().enumerate() {
                if let RustType::Named(d) = f.ty {
                    if component.get(d.0) == Some(&component[owner]) {
                        to_box.push((owner, i));
                    }
                }
            }
        }
    }
    for (owner, i) in to_box {
        if let DefKind::Struct(s) | DefKind::VariantStruct { shape: s, .. } =
            &mut set.defs[owner].kind
        {
            s.fields[i].boxed = true;
        }
    }
}

/// The strongly connected component of every node of `edges` (Tarjan's algorithm, with
/// an explicit stack so a long chain of types cannot overflow the generator's stack).
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let (mut next, mut count) = (0, 0);
    for start in 0..n {
        if index[start] != UNSEEN {
            continue;
        }
        let mut calls: Vec<(usize, usize)> = vec![(start, 0)];
        index[start] = next;
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (v, ref mut edge)) = calls.last_mut() {
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if w >= n {
                    continue;
                }
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                low[u] = low[u].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = count;
                    if w == v {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    component
}
