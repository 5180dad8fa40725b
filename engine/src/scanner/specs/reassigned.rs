//! Names assigned again as specifiers' sources for [`super::Specs`]: the
//! strings a variable, a parameter or a `for … of` loop's variable may
//! hold where it is read.
//!
//! Each value is a world: the name's first value (its initializer, a
//! parameter's arguments, a loop variable's elements), each value assigned
//! (`s = …`) and each held before an `s += …` joined with what is added.
//! One ordering is followed: an assignment that is a statement of a
//! statement list, read later in that list by the same function, replaces
//! what the function assigned before it and the first value when the name
//! is declared in that function (it runs before the read every time; not
//! inside a `with` statement, where the assignment may set a member).
//! Everything else control flow leaves unsure (branches, loops, other
//! functions, assignments after the read) is kept: every value it may give.

use super::{add_all, product, Specs};
use oxc_ast::ast::*;
use oxc_ast::AstKind;
use oxc_semantic::{ReferenceId, ScopeId, SymbolId};
use oxc_span::GetSpan;
use oxc_syntax::operator::AssignmentOperator;
use oxc_syntax::symbol::SymbolFlags;
use std::collections::HashMap;

/// An assignment of a name that is a statement of a statement list.
#[derive(Clone, Copy)]
pub(super) struct Straight {
    start: u32,
    end: u32,
    /// The end of the statement list: a read before it and after the
    /// assignment runs after it.
    list_end: u32,
}

/// Where a name is read: the scope of the reference and its offset.
#[derive(Clone, Copy)]
pub(super) struct Use {
    scope: ScopeId,
    at: u32,
}

impl Use {
    pub(super) fn new(scope: ScopeId, at: u32) -> Self {
        Self { scope, at }
    }
}

/// Record the assignments of a name (`s = …`, `s += …`) that are
/// statements of the statement list `kind` is (a block, a function's body,
/// the program, a static block, a `case`); nothing for other nodes.
pub(super) fn straight_assignments(kind: &AstKind<'_>, out: &mut HashMap<ReferenceId, Straight>) {
    let (list_end, stmts) = match kind {
        AstKind::Program(p) => (p.span.end, &p.body),
        AstKind::FunctionBody(b) => (b.span.end, &b.statements),
        AstKind::BlockStatement(b) => (b.span.end, &b.body),
        AstKind::StaticBlock(b) => (b.span.end, &b.body),
        AstKind::SwitchCase(c) => (c.span.end, &c.consequent),
        _ => return,
    };
    for st in stmts {
        let Statement::ExpressionStatement(e) = st else {
            continue;
        };
        let Expression::AssignmentExpression(a) = &e.expression else {
            continue;
        };
        if let AssignmentTarget::AssignmentTargetIdentifier(id) = &a.left {
            if let Some(r) = id.reference_id.get() {
                let (start, end) = (a.span.start, a.span.end);
                out.insert(r, Straight { start, end, list_end });
            }
        }
    }
}

impl<'s, 'a: 's> Specs<'s, 'a, '_> {
    /// A variable (a parameter, a `for … of` loop's variable too) assigned again.
    pub(super) fn reassigned_variable(&self, s: SymbolId) -> bool {
        self.scoping.symbol_is_mutated(s) && self.scoping.symbol_flags(s).intersects(SymbolFlags::Variable)
    }

    /// The strings the variable `s` assigned again may hold where `read`
    /// reads it, each a world (see the module doc; each that folds).
    pub(super) fn reassigned_strings(&self, s: SymbolId, read: Use, d: u32) -> Option<Vec<String>> {
        let func = self.function_scope(read.scope);
        let last = self.last_straight(s, read, func);
        let mut all = match last {
            // What the last straight assignment gives, from what the name
            // held just before it for an `s += …`.
            Some((r, at, op, v)) => {
                let more = self.strings(v, d + 1).unwrap_or_default();
                match op {
                    AssignmentOperator::Addition => {
                        let before = Use::new(self.scoping.get_reference(r).scope_id(), at.start);
                        let held = self.reassigned_strings(s, before, d + 1).unwrap_or_default();
                        product(held, &more).unwrap_or_default()
                    }
                    _ => more,
                }
            }
            None => Vec::new(),
        };
        // (The first value is replaced when the name is declared in the
        // function before the last straight assignment.)
        let first_replaced = last.is_some_and(|(_, at, _, _)| {
            self.function_scope(self.scoping.symbol_scope_id(s)) == func && self.scoping.symbol_span(s).end <= at.start
        });
        if !first_replaced {
            add_all(&mut all, self.first_strings(s, d).unwrap_or_default())?;
        }
        for (r, op, v) in self.reassignments(s) {
            // (The last straight assignment itself, and those the function
            // runs before it, which it replaces.)
            if let Some((last_r, at, _, _)) = last {
                let before =
                    v.span().end <= at.start && self.function_scope(self.scoping.get_reference(r).scope_id()) == func;
                if r == last_r || before {
                    continue;
                }
            }
            let more = self.strings(v, d + 1).unwrap_or_default();
            let more = match op {
                AssignmentOperator::Addition => product(all.clone(), &more).unwrap_or_default(),
                _ => more,
            };
            add_all(&mut all, more)?;
            // `for (const p of arr) s += p` (or `s = s + p`): after the
            // loop, the initializer followed by every element in order.
            if let Some(arr) = self.accumulated_array(s, op, v) {
                let init = self.decls.inits.get(&s).and_then(|i| self.strings(i, d + 1));
                if let Some(init) = init {
                    add_all(&mut all, self.join_slots(arr, init, "", d + 1).unwrap_or_default())?;
                }
            }
        }
        // What destructuring assignments give it (`({ m } = o)`, `[a, b] = […]`).
        self.destructuring_assigned(s, d, &mut all)?;
        (!all.is_empty()).then_some(all)
    }

    /// The last assignment of `s` (in the order written) that is a
    /// statement of a list the read comes later in, in the same function.
    fn last_straight(
        &self,
        s: SymbolId,
        read: Use,
        func: ScopeId,
    ) -> Option<(ReferenceId, Straight, AssignmentOperator, &'s Expression<'a>)> {
        // (Inside `with (o)` an assignment may set `o`'s member instead.)
        if self.inside_with(read.scope, func) {
            return None;
        }
        let mut last = None;
        for (r, op, v) in self.reassignments(s) {
            let Some(&at) = self.decls.straight.get(&r) else {
                continue;
            };
            if at.end <= read.at
                && read.at < at.list_end
                && self.function_scope(self.scoping.get_reference(r).scope_id()) == func
            {
                last = Some((r, at, op, v));
            }
        }
        last
    }

    /// The function (or the program, a static block) a scope is in.
    fn function_scope(&self, mut scope: ScopeId) -> ScopeId {
        while !self.scoping.scope_flags(scope).is_var() {
            match self.scoping.scope_parent_id(scope) {
                Some(p) => scope = p,
                None => break,
            }
        }
        scope
    }

    /// Whether a `with` statement's scope lies between `scope` and `func`.
    fn inside_with(&self, mut scope: ScopeId, func: ScopeId) -> bool {
        while scope != func {
            if self.scoping.scope_flags(scope).is_with() {
                return true;
            }
            match self.scoping.scope_parent_id(scope) {
                Some(p) => scope = p,
                None => break,
            }
        }
        false
    }

    /// The strings a variable assigned again holds before its first
    /// assignment: its initializer's, a `for … of` loop variable's every
    /// element, a destructured name's member or element, a parameter's
    /// every argument.
    fn first_strings(&self, s: SymbolId, d: u32) -> Option<Vec<String>> {
        if let Some(i) = self.decls.inits.get(&s) {
            return self.strings(i, d + 1);
        }
        if let Some(&arr) = self.decls.for_of.get(&s) {
            return self.all_elements(arr, d + 1);
        }
        if let Some(x) = self.decls.destructured.get(&s) {
            return self.picked_strings(x, d + 1);
        }
        self.arguments(s, d)
    }

    /// The assignments of the name `s` (`s = …`, `s += …`), in the order written.
    fn reassignments(
        &self,
        s: SymbolId,
    ) -> impl Iterator<Item = (ReferenceId, AssignmentOperator, &'s Expression<'a>)> + '_ {
        self.decls
            .reassigned
            .iter()
            .filter(move |(at, _, _)| self.step() && self.scoping.get_reference(*at).symbol_id() == Some(s))
            .copied()
    }
}
