//! Members found by an object's pass, handed on to the subschemas applied to the same
//! object.
//!
//! A schema like CRMToAEP's `scheduleSpec` checks its members in one pass and then applies
//! `if`/`then`/`else` (and `allOf`, `not`, ...) to the same object, whose subschemas look
//! up `frequency` or `interval` again. When such a subschema is *owned* by the node with
//! the pass (it is called only on the same value, only from that node or from another
//! subschema it owns, and it is not an entry point), the pass records those members in a
//! small array, `m`, and the owned subschemas take `m: &[Option<&Value>; N]` and read
//! `m[i]` instead of searching the object again.
//!
//! Everything here is decided from the first emission pass (who calls whom, which nodes
//! have a pass, which names each node looks up); the owner and its subschemas are then
//! emitted again with the array in place.

use super::Call;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::cell::{Cell, RefCell};

/// What the first pass recorded, and what was decided from it.
pub(super) struct Found {
    /// Nodes whose members are checked in one pass without `additionalProperties` (the
    /// possible owners: their pass can record members in a `match` arm).
    pub has_pass: Vec<Cell<bool>>,
    /// Constant member names each node looks up outside a pass (`has`, `member`).
    pub lookups: Vec<RefCell<Vec<String>>>,
    /// The owner of each node whose lookups use an owner's array (an owner owns itself).
    owner: Vec<Option<usize>>,
    /// For each owner, the names in its array, in slot order.
    slots: Vec<Vec<String>>,
}

impl Found {
    pub fn new(n: usize) -> Self {
        Found {
            has_pass: (0..n).map(|_| Cell::new(false)).collect(),
            lookups: (0..n).map(|_| RefCell::new(Vec::new())).collect(),
            owner: vec![None; n],
            slots: vec![Vec::new(); n],
        }
    }

    /// Decides the owners after the first pass from every call recorded (`calls`, by
    /// callee), returning every node to emit again. `entry` nodes are called from
    /// outside and keep their plain signature.
    pub fn decide(&mut self, entry: &[usize], calls: &[RefCell<Vec<(usize, Call)>>]) -> Vec<usize> {
        let n = self.has_pass.len();
        let mut is_entry = vec![false; n];
        for &e in entry.iter().filter(|e| **e < n) {
            is_entry[e] = true;
        }
        let mut callees: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (callee, calls) in calls.iter().enumerate() {
            // Only a node called once, on the same value.
            if let [(caller, Call::InPlace)] = calls.borrow().as_slice() {
                let owned = !self.has_pass[callee].get() && !is_entry[callee] && *caller != callee;
                if owned {
                    callees[*caller].push(callee);
                }
            }
        }
        let mut again = Vec::new();
        for p in (0..n).filter(|&p| self.has_pass[p].get()) {
            let mut owned = Vec::new();
            let mut stack = callees[p].clone();
            while let Some(d) = stack.pop() {
                if d == p || owned.contains(&d) {
                    continue;
                }
                owned.push(d);
                stack.extend(callees[d].iter().copied());
            }
            owned.sort_unstable();
            let mut names: Vec<String> = Vec::new();
            for &d in &owned {
                for name in self.lookups[d].borrow().iter() {
                    if !names.contains(name) {
                        names.push(name.clone());
                    }
                }
            }
            if names.is_empty() {
                continue;
            }
            self.owner[p] = Some(p);
            for &d in &owned {
                self.owner[d] = Some(p);
            }
            self.slots[p] = names;
            again.push(p);
            again.extend(owned);
        }
        again
    }

    /// The slot of `name` in the array that `node` reads, if it reads one.
    pub fn slot(&self, node: usize, name: &str) -> Option<usize> {
        let p = self.owner[node]?;
        self.slots[p].iter().position(|s| s == name)
    }

    /// The names `node`'s pass records, when it owns an array.
    pub fn recorded(&self, node: usize) -> &[String] {
        match self.owner[node] {
            Some(p) if p == node => &self.slots[p],
            _ => &[],
        }
    }

    /// The extra argument of a call from `caller` to `callee`: `&m` from the owner, `m`
    /// from a subschema it owns, nothing otherwise.
    pub fn argument(&self, caller: usize, callee: usize) -> TokenStream {
        match (self.owner[caller], self.owner[callee]) {
            (Some(p), Some(q)) if p == q && q != callee => {
                if p == caller {
                    quote!(, &m)
                } else {
                    quote!(, m)
                }
            }
            _ => TokenStream::new(),
        }
    }

    /// The array's type, for the parameter of an owned subschema.
    pub fn parameter(&self, node: usize) -> Option<TokenStream> {
        let p = self.owner[node].filter(|p| *p != node)?;
        let len = Literal::usize_unsuffixed(self.slots[p].len());
        Some(quote!(&[Option<&Value>; #len]))
    }

    /// The array's declaration at the top of the owner's function.
    pub fn declaration(&self, node: usize) -> Option<TokenStream> {
        let names = self.recorded(node);
        if names.is_empty() {
            return None;
        }
        let len = Literal::usize_unsuffixed(names.len());
        Some(quote!(let mut m: [Option<&Value>; #len] = [None; #len];))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Calls = Vec<RefCell<Vec<(usize, Call)>>>;

    /// Owner 0 with a pass; 1 (`if`) and 2 (`else`) are called on the same value by 0,
    /// 3 by 2; 4 is also called on a member elsewhere; 5 is an entry.
    fn recorded() -> (Found, Calls) {
        let f = Found::new(6);
        f.has_pass[0].set(true);
        let calls: Calls = (0..6).map(|_| RefCell::new(Vec::new())).collect();
        for (callee, caller) in [(1, 0), (2, 0), (3, 2), (4, 2), (5, 0)] {
            calls[callee].borrow_mut().push((caller, Call::InPlace));
        }
        calls[4].borrow_mut().push((1, Call::Member));
        f.lookups[1].borrow_mut().push("frequency".into());
        f.lookups[3].borrow_mut().push("interval".into());
        f.lookups[3].borrow_mut().push("frequency".into());
        f.lookups[4].borrow_mut().push("backfill".into());
        f.lookups[5].borrow_mut().push("startTime".into());
        (f, calls)
    }

    #[test]
    fn owners_share_only_what_their_own_subschemas_look_up() {
        let (mut f, calls) = recorded();
        let again = f.decide(&[5], &calls);
        assert_eq!(again, vec![0, 1, 2, 3]);
        assert_eq!(f.recorded(0), ["frequency", "interval"]);
        assert_eq!(f.slot(1, "frequency"), Some(0));
        assert_eq!(f.slot(3, "interval"), Some(1));
        // Called elsewhere too, or an entry point: searches the object itself.
        assert_eq!(f.slot(4, "backfill"), None);
        assert_eq!(f.slot(5, "startTime"), None);
        assert_eq!(f.argument(0, 2).to_string(), ", & m");
        assert_eq!(f.argument(2, 3).to_string(), ", m");
        assert!(f.argument(2, 4).is_empty());
        assert!(f.parameter(0).is_none());
        assert_eq!(
            f.parameter(3).map(|t| t.to_string()).as_deref(),
            Some("& [Option < & Value > ; 2]")
        );
    }

    #[test]
    fn a_node_with_two_callers_is_not_owned() {
        let (mut f, calls) = recorded();
        calls[1].borrow_mut().push((3, Call::InPlace));
        f.decide(&[], &calls);
        assert_eq!(f.slot(1, "frequency"), None);
        assert_eq!(f.recorded(0), ["interval", "frequency", "startTime"]);
    }

    #[test]
    fn nothing_is_shared_without_lookups() {
        let mut f = Found::new(2);
        f.has_pass[0].set(true);
        let calls: Calls = vec![
            RefCell::new(Vec::new()),
            RefCell::new(vec![(0, Call::InPlace)]),
        ];
        assert!(f.decide(&[], &calls).is_empty());
        assert!(f.declaration(0).is_none());
    }
}
