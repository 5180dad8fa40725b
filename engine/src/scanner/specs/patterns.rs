//! Names bound by destructuring, for [`super::Specs`]: what a name a
//! declaration's pattern (`const { o: { m } = {} } = cfg`, `const [, ...r] =
//! arr`) or an assignment's pattern (`({ m } = o)`, `[a, b] = […]`) takes
//! of the value on the right: a path of keys (static, or computed and
//! folding to one string), indexes and a final array rest, and the default
//! the name itself carries.
//!
//! A name with a default may hold the default or what the path reaches
//! (each that folds: the cautious side). An object pattern's rest is not
//! followed.

use super::{add_all, Specs, MAX_DEPTH};
use oxc_ast::ast::*;
use oxc_semantic::{ReferenceId, SymbolId};
use std::collections::HashMap;

/// Longest path of keys and indexes recorded for one name.
const MAX_PATH: usize = 8;

/// One step from a destructured value to what a name takes of it.
#[derive(Clone)]
pub(super) enum Picked<'a> {
    /// The member of that key (`{ m }`, `{ k: m }`).
    Key(String),
    /// The member whose key a computed key folds to (`{ ['m']: n }`).
    Computed(&'a Expression<'a>),
    /// The element at that index (`[a, b]`).
    Index(usize),
    /// The elements from that index on (`[, ...r]`; the last step only).
    Rest(usize),
}

/// What a name bound by destructuring takes: the path from the value on
/// the right, and the name's own default.
#[derive(Clone)]
pub(super) struct Destructured<'a> {
    pub(super) init: &'a Expression<'a>,
    pub(super) path: Vec<Picked<'a>>,
    pub(super) default: Option<&'a Expression<'a>>,
}

impl<'a> Destructured<'a> {
    fn at(&self, step: Picked<'a>, default: Option<&'a Expression<'a>>) -> Option<Self> {
        (self.path.len() < MAX_PATH).then(|| {
            let mut path = self.path.clone();
            path.push(step);
            Self {
                init: self.init,
                path,
                default,
            }
        })
    }
}

/// The step an object pattern's key takes (`None`: a computed key that is
/// not an expression, or a key with no static name).
fn key_step<'a>(key: &'a PropertyKey<'a>, computed: bool) -> Option<Picked<'a>> {
    if computed {
        return key.as_expression().map(Picked::Computed);
    }
    key.static_name().map(|k| Picked::Key(k.to_string()))
}

/// Record, by symbol, what each name a declaration's pattern binds takes
/// of `init` (nothing for a plain name: that is an initializer).
pub(super) fn bound_by<'a>(
    p: &'a BindingPattern<'a>,
    at: Destructured<'a>,
    out: &mut HashMap<SymbolId, Destructured<'a>>,
) {
    match p {
        BindingPattern::BindingIdentifier(b) => {
            if let Some(s) = b.symbol_id.get().filter(|_| !at.path.is_empty()) {
                out.insert(s, at);
            }
        }
        BindingPattern::AssignmentPattern(a) => {
            let with_default = Destructured {
                default: Some(&a.right),
                ..at
            };
            bound_by(&a.left, with_default, out);
        }
        BindingPattern::ObjectPattern(o) => {
            for prop in &o.properties {
                if let Some(next) = key_step(&prop.key, prop.computed).and_then(|k| at.at(k, None)) {
                    bound_by(&prop.value, next, out);
                }
            }
        }
        BindingPattern::ArrayPattern(arr) => {
            for (i, el) in arr.elements.iter().enumerate() {
                if let Some((el, next)) = el.as_ref().zip(at.at(Picked::Index(i), None)) {
                    bound_by(el, next, out);
                }
            }
            if let Some(rest) = &arr.rest {
                if let (BindingPattern::BindingIdentifier(_), Some(next)) =
                    (&rest.argument, at.at(Picked::Rest(arr.elements.len()), None))
                {
                    bound_by(&rest.argument, next, out);
                }
            }
        }
    }
}

/// Record, by the name's reference, what each name an assignment's pattern
/// assigns takes of the value on the right.
pub(super) fn assigned_by<'a>(
    t: &'a AssignmentTarget<'a>,
    at: Destructured<'a>,
    out: &mut Vec<(ReferenceId, Destructured<'a>)>,
) {
    match t {
        AssignmentTarget::AssignmentTargetIdentifier(id) => {
            if let Some(r) = id.reference_id.get().filter(|_| !at.path.is_empty()) {
                out.push((r, at));
            }
        }
        AssignmentTarget::ObjectAssignmentTarget(o) => {
            for prop in &o.properties {
                match prop {
                    AssignmentTargetProperty::AssignmentTargetPropertyIdentifier(p) => {
                        let step = Picked::Key(p.binding.name.to_string());
                        if let (Some(r), Some(next)) = (p.binding.reference_id.get(), at.at(step, p.init.as_ref())) {
                            out.push((r, next));
                        }
                    }
                    AssignmentTargetProperty::AssignmentTargetPropertyProperty(p) => {
                        if let Some(next) = key_step(&p.name, p.computed).and_then(|k| at.at(k, None)) {
                            assigned_maybe_default(&p.binding, next, out);
                        }
                    }
                }
            }
        }
        AssignmentTarget::ArrayAssignmentTarget(arr) => {
            for (i, el) in arr.elements.iter().enumerate() {
                if let Some((el, next)) = el.as_ref().zip(at.at(Picked::Index(i), None)) {
                    assigned_maybe_default(el, next, out);
                }
            }
            if let Some(rest) = &arr.rest {
                if let (AssignmentTarget::AssignmentTargetIdentifier(_), Some(next)) =
                    (&rest.target, at.at(Picked::Rest(arr.elements.len()), None))
                {
                    assigned_by(&rest.target, next, out);
                }
            }
        }
        _ => {}
    }
}

/// [`assigned_by`] for a pattern's element or member, with its default.
fn assigned_maybe_default<'a>(
    t: &'a AssignmentTargetMaybeDefault<'a>,
    at: Destructured<'a>,
    out: &mut Vec<(ReferenceId, Destructured<'a>)>,
) {
    match t {
        AssignmentTargetMaybeDefault::AssignmentTargetWithDefault(w) => {
            let with_default = Destructured {
                default: Some(&w.init),
                ..at
            };
            assigned_by(&w.binding, with_default, out);
        }
        other => {
            if let Some(t) = other.as_assignment_target() {
                assigned_by(t, at, out);
            }
        }
    }
}

impl<'s, 'a: 's> Specs<'s, 'a, '_> {
    /// The strings a name bound by destructuring takes (see the module
    /// doc; `None`: none folds).
    pub(super) fn picked_strings(&self, x: &'s Destructured<'a>, d: u32) -> Option<Vec<String>> {
        if d > MAX_DEPTH {
            return None;
        }
        let mut all = self.path_strings(x, d).unwrap_or_default();
        if let Some(def) = x.default {
            add_all(&mut all, self.strings(def, d + 1).unwrap_or_default())?;
        }
        (!all.is_empty()).then_some(all)
    }

    /// The strings at the end of a path (not a rest: that is an array).
    fn path_strings(&self, x: &'s Destructured<'a>, d: u32) -> Option<Vec<String>> {
        let (last, steps) = x.path.split_last()?;
        let at = self.picked_value(x.init, steps, d)?;
        let key = match last {
            Picked::Key(k) => return self.member_strings(at, k, d + 1),
            Picked::Index(i) => return self.element_strings(at, &i.to_string(), d + 1),
            Picked::Computed(e) => self.single(e, d + 1)?,
            Picked::Rest(_) => return None,
        };
        self.element_strings(at, &key, d + 1)
            .or_else(|| self.member_strings(at, &key, d + 1))
    }

    /// The expression `steps` reach from `e`: a member of an object (see
    /// [`Self::property`]), an element of an array literal (none spread
    /// before it).
    pub(super) fn picked_value(
        &self,
        e: &'s Expression<'a>,
        steps: &'s [Picked<'a>],
        d: u32,
    ) -> Option<&'s Expression<'a>> {
        let mut at = e;
        for step in steps {
            if !self.step() {
                return None;
            }
            let key = match step {
                Picked::Key(k) => k.clone(),
                Picked::Computed(k) => self.single(k, d + 1)?,
                Picked::Index(i) => {
                    at = self.literal_element(at, *i)?;
                    continue;
                }
                Picked::Rest(_) => return None,
            };
            at = self.property(self.receiver(at, d + 1)?, &key, d + 1)?;
        }
        Some(at)
    }

    /// The element at `i` of the array literal `e` is (itself or bound to
    /// a name never assigned again; no spread up to it).
    fn literal_element(&self, e: &'s Expression<'a>, i: usize) -> Option<&'s Expression<'a>> {
        let e = match e.get_inner_expression() {
            Expression::Identifier(id) => self.bound_init(self.sym(id)?)?,
            e => e,
        };
        let Expression::ArrayExpression(arr) = e.get_inner_expression() else {
            return None;
        };
        if arr.elements.iter().take(i + 1).any(|el| el.is_spread()) {
            return None;
        }
        arr.elements.get(i)?.as_expression()
    }

    /// The strings the destructuring assignments of `s` give it (each that folds).
    pub(super) fn destructuring_assigned(&self, s: SymbolId, d: u32, all: &mut Vec<String>) -> Option<()> {
        for (r, x) in &self.decls.destructured_sets {
            if self.scoping.get_reference(*r).symbol_id() == Some(s) && self.step() {
                add_all(all, self.picked_strings(x, d).unwrap_or_default())?;
            }
        }
        Some(())
    }
}
