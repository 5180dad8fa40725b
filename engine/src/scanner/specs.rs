//! The strings a `require` or `import()` specifier may be when it is not a constant
//! expression the walker folds (asked only there, after
//! [`super::analyze`]'s fold and its choices of constants found nothing):
//! followed through the declarations the semantic model resolves, in the
//! AST only (nothing here depends on the walker's passes, so a unit's
//! recorded walk stays valid):
//!
//! * names: a `const` (or a name never assigned again) bound to a string
//!   expression, a conditional or a logical choice (`const s = c ?
//!   'child_process' : 'fs'`), and combinations of such names (`a + b`, a
//!   template); a variable, a parameter or a loop variable assigned again,
//!   each string it may hold where it is read ([`reassigned`]);
//! * calls: the `return`s of a function or arrow bound to a name (`function
//!   f() { return 'child_process' }`, `const g = () => 'chi' + 'ld_process'`)
//!   or called immediately; of a method of an object literal (`o.m()`, and
//!   `o.m = function …` assigned later); of a class's instance methods
//!   (`new K().m()`, an instance bound to a name), inherited through
//!   `extends`, and methods assigned to a constructor's prototype
//!   (`C.prototype.m = function …`, `C.prototype = { m() … }`); of a static
//!   method (`K.m()`, `K.m = …`); through `super` in a class's method (the
//!   parent's, when the `extends` is a name); of a method called on a
//!   plain parameter (`o.m()`, or on a member of one, `o.inner.m()`), that
//!   method of each argument (of each argument's member);
//! * members: string members of object literals (`o.a`, `o['a']`, nested
//!   `o.x.y`; the literal assigned to `module.exports`), of objects they spread (`{...o}`) and of `Object.assign`
//!   merges (the last holding the name wins), and of `Object.assign(o, …)`
//!   statements into a name bound to a literal, and what the file assigns
//!   to a member of such a name (`o.m = …`); getters of an object literal
//!   or a class (instance, `static`, inherited, read through `super`);
//! * parameters: a plain parameter of a function bound to a name (neither
//!   assigned again) is each string the file's calls of that name pass; of
//!   a function invoked where it is written, what that call passes; the
//!   first of an array method's callback, each element of the array literal;
//! * destructured names: a name a declaration's or an assignment's pattern
//!   binds (`const { m } = o`, `const [a, b] = […]`, `({ m } = o)`, nested,
//!   with a default, a rest element, a constant computed key), that member
//!   or element of the value, or its default ([`patterns`]);
//! * returned values: the array or object literal the one `return` of a
//!   call's one callee gives, read as that value (`o.parts().join('')`,
//!   `o.cfg().name`);
//! * arrays: an element of an array literal or of an array `concat`
//!   builds (with what the file's code sets, pushes, unshifts or splices
//!   there), the array joined or reduced by a concatenation, a `for … of`
//!   loop's variable ([`arrays`]);
//! * `this`: in a class's methods, fields and static blocks, an instance of
//!   the class (or, `static`, the class) whose members include what the
//!   class's code sets on `this` (`this.m = …`, fields `m = …`); in a plain
//!   function bound to a name, an instance of it (a constructor function:
//!   what its body sets on `this`); in an object literal's method or
//!   function-valued member (a computed key too), the literal, with what its
//!   methods set on `this`; in an unnamed function expression assigned to
//!   a member (`o.m = function …`), what the member's object is (an
//!   instance of `K` for `K.prototype`).
//!
//! A choice (both branches of a conditional, both operands of `||` / `??`,
//! every `return` of a function) gives each alternative that folds; a
//! concatenation or template needs every part to fold and gives every
//! combination. At most [`MAX_FOLD_CHOICES`] strings (more give none), a
//! depth bound ([`MAX_DEPTH`]) and a step budget ([`MAX_STEPS`]) per
//! specifier.

mod arrays;
mod patterns;
mod reassigned;
mod reorders;

use super::analyze::{
    fold_product as product, fold_template, function_params, key_name, returns_in, CALLBACK_METHODS, MAX_FOLD,
    MAX_FOLD_CHOICES,
};
use oxc_ast::ast::*;
use oxc_ast::AstKind;
use oxc_ast_visit::Visit;
use oxc_semantic::{ReferenceId, Scoping, SymbolId};
use oxc_span::{GetSpan, Span};
use oxc_syntax::operator::{AssignmentOperator, BinaryOperator, LogicalOperator};
use oxc_syntax::symbol::SymbolFlags;
use std::cell::Cell;
use std::collections::HashMap;

use arrays::{changes_of, ArrayChange, Slot};
use patterns::{assigned_by, bound_by, Destructured};
use reassigned::{straight_assignments, Straight, Use};
use reorders::{sort_order, Reorder};

/// Depth bound of the expressions, declarations and `extends` links followed.
const MAX_DEPTH: u32 = 16;
/// Expressions, callees and receivers looked at for one specifier.
const MAX_STEPS: u32 = 512;

/// A function whose `return`s a call gives.
#[derive(Clone, Copy)]
enum Callee<'s, 'a> {
    Func(&'s Function<'a>),
    Arrow(&'s ArrowFunctionExpression<'a>),
}

/// What the object of a member call or read is.
#[derive(Clone, Copy)]
enum Recv<'s, 'a> {
    /// An object literal, and the name bound to it (its later member assignments).
    Obj(&'s ObjectExpression<'a>, Option<SymbolId>),
    /// An instance of the class or constructor function bound to the name.
    Instance(SymbolId),
    /// The class (or constructor function) bound to the name itself.
    Class(SymbolId),
    /// `Object.assign(…)`: the members of its arguments, the last first.
    Merged(&'s [Argument<'a>]),
    /// `Object.setPrototypeOf(o, p)`: the members of `o`, then of `p`.
    Proto(&'s [Argument<'a>]),
}

/// A member assignment `X.name = f` (`proto`: `X.prototype.name = f`;
/// `name` `None`: `X.prototype = {…}`).
struct Assigned<'a> {
    /// The reference to `X`.
    at: ReferenceId,
    proto: bool,
    name: Option<String>,
    value: &'a Expression<'a>,
}

/// The declarations of a program the resolution follows, by symbol: built
/// by one walk of the program, only for a file where a `require` specifier
/// is not a constant (the semantic model keeps no node table).
#[derive(Default)]
pub(super) struct Decls<'a> {
    /// The initializer of a declarator binding one name.
    inits: HashMap<SymbolId, &'a Expression<'a>>,
    /// Named function declarations and expressions.
    funcs: HashMap<SymbolId, &'a Function<'a>>,
    /// Named class declarations and expressions.
    classes: HashMap<SymbolId, &'a Class<'a>>,
    /// Member assignments of functions and object literals to a name or its prototype.
    assigned: Vec<Assigned<'a>>,
    /// The variable a `for … of` loop declares, and what it iterates.
    for_of: HashMap<SymbolId, &'a Expression<'a>>,
    /// A plain parameter: what gives the function its arguments, and the index.
    params: HashMap<SymbolId, (Given<'a>, usize)>,
    /// A name a parameter's object pattern binds (`function f({ m })`,
    /// `{ k: m }`; no default): what gives the arguments, the index and the key.
    pattern_params: HashMap<SymbolId, (Given<'a>, usize, String)>,
    /// A name a declaration's pattern binds (`const { m } = o`, `const [a,
    /// b] = […]`, nested, with a default, a rest element, a computed key):
    /// the initializer and what the name takes of it.
    destructured: HashMap<SymbolId, Destructured<'a>>,
    /// Names an assignment's pattern assigns (`({ m } = o)`, `[a, b] =
    /// […]`), by the name's reference: what each takes of the value.
    destructured_sets: Vec<(ReferenceId, Destructured<'a>)>,
    /// Calls whose callee is a name, by the callee's reference.
    calls: Vec<(ReferenceId, &'a CallExpression<'a>)>,
    /// `Object.assign(o, …)` with a name as its target (or an
    /// `Object.assign` call with one, `Object.assign(Object.assign(o, a),
    /// b)`), by the target's reference, in the order they run.
    merges: Vec<(ReferenceId, &'a CallExpression<'a>)>,
    /// Assignments of a name (`s = …`, `s += …`), by the name's
    /// reference, in the order they are written.
    reassigned: Vec<(ReferenceId, AssignmentOperator, &'a Expression<'a>)>,
    /// Those of the assignments that are statements of a statement list
    /// (a block, a function's body, the program, a `case`), by the name's
    /// reference: where they are and where the list ends.
    straight: HashMap<ReferenceId, Straight>,
    /// Object literals assigned to `module.exports`, in the order written.
    exports_literals: Vec<&'a ObjectExpression<'a>>,
    /// Changes of arrays bound to a name (`a[i] = …`, `a.push(…)`,
    /// `a.unshift(…)`, `a.splice(…)`).
    array_changes: Vec<ArrayChange<'a>>,
    /// The name a class or a function is bound to (its declaration's or
    /// its declarator's), by the class's or function's start.
    class_syms: HashMap<u32, SymbolId>,
    /// What `this` is in a class's methods, fields and static blocks, a
    /// function's body and an object literal's methods, by the `this`'s start.
    this_of: HashMap<u32, This<'a>>,
    /// The class (or, `static`, the class itself) whose method a `super`
    /// is in, by the `super`'s start.
    super_of: HashMap<u32, ThisOwner>,
    /// The object literal whose method a `super` is in (its `__proto__`),
    /// by the `super`'s start.
    literal_super_of: HashMap<u32, &'a ObjectExpression<'a>>,
    /// `Object.assign(K.prototype, …)`, by the reference to `K`.
    proto_merges: Vec<(ReferenceId, &'a CallExpression<'a>)>,
    /// `Object.setPrototypeOf(o, p)` with a name as its target, by the
    /// target's reference, in the order written.
    proto_sets: Vec<(ReferenceId, &'a CallExpression<'a>)>,
    /// Members the class's own code sets on `this` (`this.m = …` in a
    /// method or constructor) and its fields (`m = …`).
    this_sets: Vec<(ThisOwner, String, &'a Expression<'a>)>,
    /// Members an object literal's methods set on `this`, by the literal's start.
    literal_sets: Vec<(u32, String, &'a Expression<'a>)>,
    /// Member assignments to a name (`o.m = v`, `o[k] = v`, `o.m += v`,
    /// a bare `m = v` inside `with (o)`).
    member_sets: Vec<MemberSet<'a>>,
    /// `with` statements: the body's span and the object, outer ones first.
    withs: Vec<(Span, &'a Expression<'a>)>,
    /// The classes being walked, innermost last.
    open_classes: Vec<u32>,
    /// What `this` is in each function being walked (`None`: not followed).
    this_stack: Vec<Option<This<'a>>>,
    /// What `this` is in the function starting at the offset: the method
    /// (or the function assigned to a member) about to be entered.
    next_this: Option<(u32, This<'a>)>,
    /// The object literals being walked, innermost last.
    open_objects: Vec<&'a ObjectExpression<'a>>,
}

/// A member assignment to a name, by the name's reference.
struct MemberSet<'a> {
    at: ReferenceId,
    key: MemberKey<'a>,
    value: &'a Expression<'a>,
    /// `o.m += v`: each value the member may hold, followed by `v`.
    append: bool,
    /// A bare `m = v` inside `with (o)`: `o`'s member only where `o` holds `m`.
    bare: bool,
}

/// The key of a member assignment.
enum MemberKey<'a> {
    /// `o.m = …`.
    Named(String),
    /// `o[k] = …`: the member whose name `k` folds to (none when it does not).
    Computed(&'a Expression<'a>),
}

/// What `this` is in a function.
#[derive(Clone, Copy)]
enum This<'a> {
    /// An instance of a class or a constructor function, or the class.
    Owner(ThisOwner),
    /// The object literal whose method (or function-valued member) it is.
    Literal(&'a ObjectExpression<'a>),
    /// What the object of the member a function expression is assigned to
    /// is (`o.m = function () {…}`, `K.prototype.m = …`).
    Receiver(&'a Expression<'a>),
}

/// What gives a function its arguments.
#[derive(Clone, Copy)]
enum Given<'a> {
    /// The file's calls of the name the function is bound to.
    Calls(SymbolId),
    /// The call that invokes the function where it is written (`(function (m) {…})(x)`).
    Here(&'a CallExpression<'a>),
    /// An array iteration method called on this array with the function as
    /// its callback: each element, to the first parameter.
    Elements(&'a Expression<'a>),
}

/// A class or a constructor function (by its start) and whether `this` is
/// the class itself (`static`) rather than an instance.
#[derive(Clone, Copy, PartialEq, Eq)]
struct ThisOwner {
    class: u32,
    own: bool,
}

impl<'a> Decls<'a> {
    pub(super) fn of(program: &Program<'a>) -> Self {
        let mut d = Decls::default();
        d.visit_program(program);
        d
    }

    /// What `this` is in a member of the innermost class being walked.
    fn owner(&self, own: bool) -> Option<This<'a>> {
        self.open_classes
            .last()
            .map(|&class| This::Owner(ThisOwner { class, own }))
    }

    /// What `this` is in the function `f` entered now: the method's owner
    /// when it is a method, else an instance of `f` when `f` is bound to a
    /// name (a constructor function: `function K() { this.m = … }`).
    fn this_in(&mut self, f: &Function<'a>) -> Option<This<'a>> {
        if let Some((_, this)) = self.next_this.take_if(|(at, _)| *at == f.span.start) {
            return Some(this);
        }
        if let Some(s) = f.id.as_ref().and_then(|b| b.symbol_id.get()) {
            self.class_syms.insert(f.span.start, s);
        }
        let plain = !f.r#async && !f.generator;
        (plain && self.class_syms.contains_key(&f.span.start)).then_some(This::Owner(ThisOwner {
            class: f.span.start,
            own: false,
        }))
    }

    /// Record a member assignment to a name (`o.m = v`, `o[k] = v`;
    /// `append`: `o.m += v`).
    fn member_set(&mut self, m: &'a MemberExpression<'a>, value: &'a Expression<'a>, append: bool) {
        let key = match m {
            MemberExpression::StaticMemberExpression(sm) => MemberKey::Named(sm.property.name.as_str().to_string()),
            MemberExpression::ComputedMemberExpression(cm) => MemberKey::Computed(&cm.expression),
            MemberExpression::PrivateFieldExpression(_) => return,
        };
        if let Expression::Identifier(id) = m.object().get_inner_expression() {
            if let Some(at) = id.reference_id.get() {
                self.member_sets.push(MemberSet {
                    at,
                    key,
                    value,
                    append,
                    bare: false,
                });
            }
        }
    }

    /// Record a bare `m = v` (`append`: `m += v`) inside `with (o)` blocks
    /// whose object is a name: a member assignment to each such `o`.
    fn with_set(&mut self, id: &IdentifierReference<'a>, value: &'a Expression<'a>, append: bool) {
        let at = id.span.start;
        for &(body, o) in &self.withs {
            if let (true, Expression::Identifier(o)) = (body.start <= at && at < body.end, o.get_inner_expression()) {
                if let Some(o) = o.reference_id.get() {
                    self.member_sets.push(MemberSet {
                        at: o,
                        key: MemberKey::Named(id.name.as_str().to_string()),
                        value,
                        append,
                        bare: true,
                    });
                }
            }
        }
    }

    /// Record the plain parameters (no pattern, default or rest) of a
    /// function and what gives it its arguments (the first record holds: a
    /// named function invoked where it is written keeps that call).
    fn params_of(&mut self, given: Given<'a>, ps: &FormalParameters<'a>) {
        for (i, p) in ps.items.iter().enumerate() {
            if let (BindingPattern::BindingIdentifier(b), None) = (&p.pattern, &p.initializer) {
                if let Some(s) = b.symbol_id.get() {
                    self.params.entry(s).or_insert((given, i));
                }
            }
            if let (BindingPattern::ObjectPattern(o), None) = (&p.pattern, &p.initializer) {
                for prop in &o.properties {
                    let (Some(key), BindingPattern::BindingIdentifier(b)) = (prop.key.static_name(), &prop.value)
                    else {
                        continue;
                    };
                    if let Some(s) = b.symbol_id.get().filter(|_| !prop.computed) {
                        self.pattern_params.entry(s).or_insert((given, i, key.to_string()));
                    }
                }
            }
        }
    }
}

impl<'a> Visit<'a> for Decls<'a> {
    fn enter_node(&mut self, kind: AstKind<'a>) {
        straight_assignments(&kind, &mut self.straight);
        match kind {
            AstKind::VariableDeclarator(v) => {
                if let Some(init) = &v.init {
                    let at = Destructured {
                        init,
                        path: Vec::new(),
                        default: None,
                    };
                    bound_by(&v.id, at, &mut self.destructured);
                }
                if let (BindingPattern::BindingIdentifier(b), Some(init)) = (&v.id, &v.init) {
                    if let Some(s) = b.symbol_id.get() {
                        self.inits.insert(s, init);
                        let params = match init.get_inner_expression() {
                            Expression::FunctionExpression(f) if f.id.is_none() => {
                                self.class_syms.insert(f.span.start, s);
                                Some(&f.params)
                            }
                            Expression::ArrowFunctionExpression(a) => Some(&a.params),
                            Expression::ClassExpression(c) if c.id.is_none() => {
                                self.class_syms.insert(c.span.start, s);
                                None
                            }
                            _ => None,
                        };
                        if let Some(ps) = params {
                            self.params_of(Given::Calls(s), ps);
                        }
                    }
                }
            }
            AstKind::ForOfStatement(f) => {
                if let ForStatementLeft::VariableDeclaration(v) = &f.left {
                    if let [VariableDeclarator {
                        id: BindingPattern::BindingIdentifier(b),
                        ..
                    }] = v.declarations.as_slice()
                    {
                        if let Some(s) = b.symbol_id.get() {
                            self.for_of.insert(s, &f.right);
                        }
                    }
                }
            }
            AstKind::Function(f) => {
                let this = self.this_in(f);
                self.this_stack.push(this);
                if let Some(s) = f.id.as_ref().and_then(|b| b.symbol_id.get()) {
                    self.funcs.insert(s, f);
                    self.params_of(Given::Calls(s), &f.params);
                }
            }
            AstKind::MethodDefinition(md) => {
                self.next_this = self.owner(md.r#static).map(|t| (md.value.span.start, t));
            }
            AstKind::ObjectExpression(o) => self.open_objects.push(o),
            AstKind::WithStatement(w) => self.withs.push((w.body.span(), &w.object)),
            AstKind::ObjectProperty(p) => {
                if let Expression::FunctionExpression(f) = &p.value {
                    self.next_this = self.open_objects.last().map(|&o| (f.span.start, This::Literal(o)));
                }
            }
            AstKind::PropertyDefinition(pd) => {
                let this = self.owner(pd.r#static);
                if let (Some(This::Owner(o)), Some(name), Some(v), false) =
                    (this, key_name(&pd.key), &pd.value, pd.computed)
                {
                    self.this_sets.push((o, name, v));
                }
                self.this_stack.push(this);
            }
            AstKind::StaticBlock(_) => {
                let this = self.owner(true);
                self.this_stack.push(this);
            }
            AstKind::ThisExpression(t) => {
                if let Some(&Some(o)) = self.this_stack.last() {
                    self.this_of.insert(t.span.start, o);
                }
            }
            AstKind::Super(sup) => match self.this_stack.last() {
                Some(&Some(This::Owner(o))) => {
                    self.super_of.insert(sup.span.start, o);
                }
                Some(&Some(This::Literal(o))) => {
                    self.literal_super_of.insert(sup.span.start, o);
                }
                _ => {}
            },
            AstKind::CallExpression(c) => match c.callee.get_inner_expression() {
                Expression::StaticMemberExpression(m) if m.property.name.as_str() == "setPrototypeOf" => {
                    if let Some(Expression::Identifier(id)) = c.arguments.first().and_then(|a| a.as_expression()) {
                        if let Some(r) = id.reference_id.get() {
                            self.proto_sets.push((r, c));
                        }
                    }
                }
                Expression::Identifier(id) => {
                    if let Some(r) = id.reference_id.get() {
                        self.calls.push((r, c));
                    }
                }
                callee @ (Expression::FunctionExpression(_) | Expression::ArrowFunctionExpression(_)) => {
                    if let Some(ps) = function_params(callee) {
                        self.params_of(Given::Here(c), ps);
                    }
                }
                Expression::StaticMemberExpression(m) if CALLBACK_METHODS.contains(&m.property.name.as_str()) => {
                    let callback = c.arguments.first().and_then(|a| a.as_expression());
                    if let Some(ps) = callback.and_then(function_params) {
                        self.params_of(Given::Elements(&m.object), ps);
                    }
                }
                Expression::StaticMemberExpression(m) if c.arguments.iter().all(|a| !a.is_spread()) => {
                    let values = c.arguments.iter().filter_map(|a| a.as_expression());
                    // (`splice`: its start marks the move; the items go anywhere.)
                    let (slot, skip) = match m.property.name.as_str() {
                        "push" => (Slot::End, 0),
                        "unshift" => (Slot::Front, 0),
                        "splice" => {
                            changes_of(&m.object, Slot::Moved, values.clone().take(1), &mut self.array_changes);
                            (Slot::Anywhere, 2)
                        }
                        // (Elements removed or reordered: the positions move.)
                        "shift" | "pop" | "reverse" | "sort" | "copyWithin" => {
                            let slot = match m.property.name.as_str() {
                                "reverse" => Slot::Reordered(Reorder::Reverse),
                                "sort" => sort_order(&c.arguments).map_or(Slot::Moved, Slot::Reordered),
                                _ => Slot::Moved,
                            };
                            let at = std::iter::once(&m.object);
                            return changes_of(&m.object, slot, at, &mut self.array_changes);
                        }
                        // (`fill(v, …)`: any position may hold `v`.)
                        "fill" => {
                            return changes_of(&m.object, Slot::Anywhere, values.take(1), &mut self.array_changes);
                        }
                        _ => return,
                    };
                    changes_of(&m.object, slot, values.skip(skip), &mut self.array_changes);
                }
                _ => {}
            },
            AstKind::Class(c) => {
                self.open_classes.push(c.span.start);
                if let Some(s) = c.id.as_ref().and_then(|b| b.symbol_id.get()) {
                    self.classes.insert(s, c);
                    self.class_syms.insert(c.span.start, s);
                }
            }
            AstKind::AssignmentExpression(a)
                if a.operator == AssignmentOperator::Addition
                    || (a.operator == AssignmentOperator::Assign && a.left.as_member_expression().is_none()) =>
            {
                let append = a.operator == AssignmentOperator::Addition;
                if !append {
                    let at = Destructured {
                        init: &a.right,
                        path: Vec::new(),
                        default: None,
                    };
                    assigned_by(&a.left, at, &mut self.destructured_sets);
                }
                if let AssignmentTarget::AssignmentTargetIdentifier(id) = &a.left {
                    if let Some(r) = id.reference_id.get() {
                        self.reassigned.push((r, a.operator, &a.right));
                    }
                    self.with_set(id, &a.right, append);
                }
                if let Some(m) = a.left.as_member_expression().filter(|_| append) {
                    self.member_set(m, &a.right, true);
                }
            }
            AstKind::AssignmentExpression(a) if a.operator == AssignmentOperator::Assign => {
                let value = &a.right;
                if let (Some(MemberExpression::StaticMemberExpression(m)), Expression::ObjectExpression(o)) =
                    (a.left.as_member_expression(), value.get_inner_expression())
                {
                    if is_module_exports(m) {
                        self.exports_literals.push(o);
                    }
                }
                if let Some(MemberExpression::ComputedMemberExpression(m)) = a.left.as_member_expression() {
                    let slot = Slot::At(&m.expression);
                    changes_of(&m.object, slot, std::iter::once(value), &mut self.array_changes);
                }
                if let Some(m) = a.left.as_member_expression() {
                    self.member_set(m, value, false);
                }
                if let Some(MemberExpression::StaticMemberExpression(m)) = a.left.as_member_expression() {
                    // `a.length = n`: elements cut, positions move.
                    if m.property.name.as_str() == "length" {
                        changes_of(&m.object, Slot::Moved, std::iter::once(value), &mut self.array_changes);
                    }
                    if let (Expression::ThisExpression(_), Some(&Some(this))) =
                        (m.object.get_inner_expression(), self.this_stack.last())
                    {
                        let name = m.property.name.as_str().to_string();
                        match this {
                            This::Owner(o) => self.this_sets.push((o, name, value)),
                            This::Literal(o) => self.literal_sets.push((o.span.start, name, value)),
                            This::Receiver(_) => {}
                        }
                    }
                }
                // (A named function keeps its own `this`: an instance of it.)
                if let (Some(m), Expression::FunctionExpression(f)) =
                    (a.left.as_member_expression(), value.get_inner_expression())
                {
                    if f.id.is_none() {
                        self.next_this = Some((f.span.start, This::Receiver(m.object())));
                    }
                }
                if as_callee(value).is_none()
                    && !matches!(
                        value.get_inner_expression(),
                        Expression::ObjectExpression(_) | Expression::Identifier(_)
                    )
                {
                    return;
                }
                let Some(m) = a.left.as_member_expression() else { return };
                let name = match m {
                    MemberExpression::StaticMemberExpression(sm) => Some(sm.property.name.as_str().to_string()),
                    MemberExpression::ComputedMemberExpression(cm) => key_of(&cm.expression),
                    MemberExpression::PrivateFieldExpression(_) => None,
                };
                let Some(name) = name else { return };
                let (root, proto, name) = match m.object().get_inner_expression() {
                    Expression::StaticMemberExpression(p) if p.property.name.as_str() == "prototype" => {
                        (&p.object, true, Some(name))
                    }
                    _ if name == "prototype" => (m.object(), true, None),
                    other => (other, false, Some(name)),
                };
                if let Expression::Identifier(id) = root.get_inner_expression() {
                    if let Some(at) = id.reference_id.get() {
                        self.assigned.push(Assigned { at, proto, name, value });
                    }
                }
            }
            _ => {}
        }
    }

    fn leave_node(&mut self, kind: AstKind<'a>) {
        match kind {
            // (On leaving: an inner call of a chain runs first.)
            AstKind::CallExpression(c) => {
                let mut target = c;
                for _ in 0..MAX_DEPTH {
                    let Expression::StaticMemberExpression(m) = target.callee.get_inner_expression() else {
                        return;
                    };
                    if m.property.name.as_str() != "assign" {
                        return;
                    }
                    match target
                        .arguments
                        .first()
                        .and_then(|a| a.as_expression())
                        .map(|t| t.get_inner_expression())
                    {
                        Some(Expression::Identifier(id)) => {
                            if let Some(r) = id.reference_id.get() {
                                self.merges.push((r, c));
                            }
                            return;
                        }
                        Some(Expression::CallExpression(inner)) => target = inner,
                        // `Object.assign(K.prototype, …)`: methods of `K`'s instances.
                        Some(Expression::StaticMemberExpression(p)) if p.property.name.as_str() == "prototype" => {
                            if let Expression::Identifier(id) = p.object.get_inner_expression() {
                                if let Some(r) = id.reference_id.get() {
                                    self.proto_merges.push((r, c));
                                }
                            }
                            return;
                        }
                        _ => return,
                    }
                }
            }
            AstKind::Class(_) => {
                self.open_classes.pop();
            }
            AstKind::ObjectExpression(_) => {
                self.open_objects.pop();
            }
            AstKind::Function(_) | AstKind::PropertyDefinition(_) | AstKind::StaticBlock(_) => {
                self.this_stack.pop();
            }
            _ => {}
        }
    }
}

/// One specifier's resolution (see the module doc).
pub(super) struct Specs<'s, 'a, 'k> {
    scoping: &'s Scoping,
    decls: &'s Decls<'a>,
    /// The walker's folded `const` strings (its reads are recorded there).
    known: &'k dyn Fn(SymbolId) -> Option<String>,
    steps: Cell<u32>,
}

impl<'s, 'a: 's, 'k> Specs<'s, 'a, 'k> {
    pub(super) fn new(
        scoping: &'s Scoping,
        decls: &'s Decls<'a>,
        known: &'k dyn Fn(SymbolId) -> Option<String>,
    ) -> Self {
        Self {
            scoping,
            decls,
            known,
            steps: Cell::new(MAX_STEPS),
        }
    }

    fn sym(&self, id: &IdentifierReference<'_>) -> Option<SymbolId> {
        self.scoping.get_reference(id.reference_id.get()?).symbol_id()
    }

    /// Spend one step; `false` when the budget is gone.
    fn step(&self) -> bool {
        let left = self.steps.get();
        self.steps.set(left.saturating_sub(1));
        left > 0
    }

    /// Every string `e` may be (see the module doc); `None`: not known.
    pub(super) fn strings(&self, e: &'s Expression<'a>, d: u32) -> Option<Vec<String>> {
        if d > MAX_DEPTH || !self.step() {
            return None;
        }
        let out = match e.get_inner_expression() {
            Expression::StringLiteral(s) => vec![s.value.as_str().to_string()],
            Expression::NumericLiteral(n) => vec![n.value.to_string()],
            Expression::TemplateLiteral(t) => fold_template(t, |x| self.strings(x, d + 1))?,
            Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
                product(self.strings(&b.left, d + 1)?, &self.strings(&b.right, d + 1)?)?
            }
            Expression::ConditionalExpression(c) => self.any_of([&c.consequent, &c.alternate], d)?,
            Expression::LogicalExpression(l) if l.operator != LogicalOperator::And => {
                self.any_of([&l.left, &l.right], d)?
            }
            Expression::Identifier(id) => {
                if let Some(held) = self.with_held(id, d) {
                    return Some(held);
                }
                let s = self.sym(id)?;
                if let Some(k) = (self.known)(s) {
                    vec![k]
                } else if self.reassigned_variable(s) {
                    let at = self.scoping.get_reference(id.reference_id.get()?).scope_id();
                    self.reassigned_strings(s, Use::new(at, id.span.start), d)?
                } else if let Some(init) = self.bound_init(s) {
                    self.strings(init, d + 1)?
                } else if let Some(v) = self.destructured_strings(s, d) {
                    v
                } else if let Some(&arr) = self.decls.for_of.get(&s).filter(|_| !self.scoping.symbol_is_mutated(s)) {
                    // A `for … of` loop's variable: each element.
                    self.all_elements(arr, d + 1)?
                } else {
                    self.arguments(s, d)?
                }
            }
            Expression::CallExpression(c) => match self.joined_strings(c, d) {
                Some(v) => v,
                None => match self.taken_element(c, d) {
                    Some(v) => v,
                    None => self.returned_strings(self.callees(&c.callee, d + 1), d)?,
                },
            },
            Expression::StaticMemberExpression(m) => self.member_strings(&m.object, m.property.name.as_str(), d)?,
            Expression::ComputedMemberExpression(m) => {
                let k = self.single(&m.expression, d + 1)?;
                match self.element_strings(&m.object, &k, d) {
                    Some(v) => v,
                    None => self.member_strings(&m.object, &k, d)?,
                }
            }
            _ => return None,
        };
        (!out.is_empty() && out.len() <= MAX_FOLD_CHOICES && out.iter().all(|s| s.len() <= MAX_FOLD)).then_some(out)
    }

    /// The strings a name inside `with (o)` blocks reads as `o`'s member:
    /// of the innermost block whose object is known to hold one there
    /// (`with ({ m: 'vm' }) { require(m) }`); `None` when none does (the
    /// name resolves outside, as if the blocks were not there).
    pub(super) fn with_held(&self, id: &IdentifierReference<'_>, d: u32) -> Option<Vec<String>> {
        let at = id.span.start;
        let inside = self
            .decls
            .withs
            .iter()
            .rev()
            .filter(|(body, _)| body.start <= at && at < body.end);
        inside
            .map(|&(_, o)| o)
            .find_map(|o| self.member_strings(o, id.name.as_str(), d + 1))
    }

    /// The strings a name a declaration's pattern binds (never assigned
    /// again) takes of its initializer: that member, or that element.
    fn destructured_strings(&self, s: SymbolId, d: u32) -> Option<Vec<String>> {
        if self.scoping.symbol_is_mutated(s) {
            return None;
        }
        self.picked_strings(self.decls.destructured.get(&s)?, d + 1)
    }

    /// The array a `for … of` loop iterates when `op v` adds its variable
    /// to `s` (`s += p`, `s = s + p`; the variable never assigned again).
    fn accumulated_array(
        &self,
        s: SymbolId,
        op: AssignmentOperator,
        v: &'s Expression<'a>,
    ) -> Option<&'s Expression<'a>> {
        let added = match (op, v.get_inner_expression()) {
            (AssignmentOperator::Addition, e) => e,
            (AssignmentOperator::Assign, Expression::BinaryExpression(b)) if b.operator == BinaryOperator::Addition => {
                match b.left.get_inner_expression() {
                    Expression::Identifier(l) if self.sym(l) == Some(s) => &b.right,
                    _ => return None,
                }
            }
            _ => return None,
        };
        let Expression::Identifier(p) = added.get_inner_expression() else {
            return None;
        };
        let p = self.sym(p)?;
        let &arr = self
            .decls
            .for_of
            .get(&p)
            .filter(|_| !self.scoping.symbol_is_mutated(p))?;
        Some(arr)
    }

    /// The strings every `return` of the functions `fs` gives (each that folds).
    fn returned_strings(&self, fs: Vec<Callee<'s, 'a>>, d: u32) -> Option<Vec<String>> {
        let mut all = Vec::new();
        for f in fs {
            for r in self.returned(f) {
                add_all(&mut all, self.strings(r, d + 1).unwrap_or_default())?;
            }
        }
        Some(all)
    }

    /// The strings the parameter `s` is given (its first value; a
    /// parameter assigned again is read by [`Self::reassigned_strings`]): by
    /// the calls of the name its function is bound to (that name not
    /// assigned again), by the call invoking it where it is written,
    /// or, a callback's first parameter, by the elements of the array it
    /// iterates (each that folds; a call passing none or spreading gives
    /// nothing).
    fn arguments(&self, s: SymbolId, d: u32) -> Option<Vec<String>> {
        // A name an object pattern binds: that member of each argument.
        if let Some((given, i, key)) = self.decls.pattern_params.get(&s) {
            let mut all = Vec::new();
            for a in self.arguments_at(*given, *i)? {
                add_all(&mut all, self.member_strings(a, key, d + 1).unwrap_or_default())?;
            }
            return (!all.is_empty()).then_some(all);
        }
        let &(given, i) = self.decls.params.get(&s)?;
        let mut all = Vec::new();
        match given {
            Given::Calls(f) => {
                if self.scoping.symbol_is_mutated(f) {
                    return None;
                }
                for (at, c) in &self.decls.calls {
                    if self.scoping.get_reference(*at).symbol_id() == Some(f) && self.step() {
                        self.passed(c, i, d, &mut all)?;
                    }
                }
            }
            Given::Here(c) => self.passed(c, i, d, &mut all)?,
            Given::Elements(arr) if i == 0 => add_all(&mut all, self.all_elements(arr, d + 1)?)?,
            Given::Elements(_) => return None,
        }
        Some(all)
    }

    /// The arguments passed to `e` when it names a plain parameter (never
    /// assigned again) of a function bound to a name (never assigned again)
    /// or invoked where it is written: each call's argument at its index
    /// (a call spreading one up to it passes none). None for anything else.
    fn parameter_arguments(&self, e: &'s Expression<'a>) -> Option<Vec<&'s Expression<'a>>> {
        let Expression::Identifier(id) = e.get_inner_expression() else {
            return None;
        };
        let s = self.sym(id)?;
        let &(given, i) = self.decls.params.get(&s)?;
        if self.scoping.symbol_is_mutated(s) {
            return None;
        }
        self.arguments_at(given, i)
    }

    /// What `e` may be when it is a plain parameter (each argument passed
    /// there, see [`Self::parameter_arguments`]) or a member chain rooted at
    /// one (`o.inner`, `o['inner']`: that member of each argument, an object
    /// literal or a name bound to one). None for anything else.
    fn parameter_values(&self, e: &'s Expression<'a>, d: u32) -> Option<Vec<&'s Expression<'a>>> {
        if d > MAX_DEPTH || !self.step() {
            return None;
        }
        let (obj, name) = match e.get_inner_expression() {
            Expression::StaticMemberExpression(m) => (&m.object, m.property.name.to_string()),
            Expression::ComputedMemberExpression(m) => (&m.object, self.single(&m.expression, d + 1)?),
            _ => return self.parameter_arguments(e),
        };
        let held = self.parameter_values(obj, d + 1)?;
        let member = |a: &'s Expression<'a>| self.property(self.receiver(a, d + 1)?, &name, d + 1);
        Some(held.into_iter().filter_map(member).collect())
    }

    /// The argument each call of what `given` names passes at index `i`.
    fn arguments_at(&self, given: Given<'a>, i: usize) -> Option<Vec<&'s Expression<'a>>> {
        let arg = |c: &'a CallExpression<'a>| -> Option<&'s Expression<'a>> {
            let spread = c.arguments.iter().take(i + 1).any(|a| a.is_spread());
            c.arguments.get(i).and_then(|a| a.as_expression()).filter(|_| !spread)
        };
        match given {
            Given::Calls(f) if !self.scoping.symbol_is_mutated(f) => Some(
                self.decls
                    .calls
                    .iter()
                    .filter(|(at, _)| self.scoping.get_reference(*at).symbol_id() == Some(f) && self.step())
                    .filter_map(|(_, c)| arg(c))
                    .collect(),
            ),
            Given::Here(c) => Some(arg(c).into_iter().collect()),
            _ => None,
        }
    }

    /// Add the strings the call `c` passes at the index `i` (none when an
    /// argument up to it is spread).
    fn passed(&self, c: &'s CallExpression<'a>, i: usize, d: u32, all: &mut Vec<String>) -> Option<()> {
        let spread = c.arguments.iter().take(i + 1).any(|a| a.is_spread());
        match c.arguments.get(i).and_then(|a| a.as_expression()).filter(|_| !spread) {
            Some(a) => add_all(all, self.strings(a, d + 1).unwrap_or_default()),
            None => Some(()),
        }
    }

    /// The one string `e` is (a member key).
    fn single(&self, e: &'s Expression<'a>, d: u32) -> Option<String> {
        let mut v = self.strings(e, d)?;
        (v.len() == 1).then(|| v.remove(0))
    }

    /// The strings of each alternative that folds (`None` if none does).
    fn any_of(&self, alts: [&'s Expression<'a>; 2], d: u32) -> Option<Vec<String>> {
        let mut all = Vec::new();
        for a in alts {
            add_all(&mut all, self.strings(a, d + 1).unwrap_or_default())?;
        }
        Some(all)
    }

    /// The strings of the member `name` of what `obj` is: a string member
    /// of an object literal, or what a getter of that name returns (of the
    /// literal, of a class's instances or of the class itself).
    fn member_strings(&self, obj: &'s Expression<'a>, name: &str, d: u32) -> Option<Vec<String>> {
        // A parameter: the member of each argument passed there
        // (`function f(o) { require(o.m) }; f({ m: 'vm' })`); a call whose
        // callees have several `return`s: the member of each value returned.
        if let Some(args) = self
            .parameter_values(obj, d + 1)
            .or_else(|| self.several_returned(obj, d + 1))
        {
            let mut all = Vec::new();
            for a in args {
                add_all(&mut all, self.member_strings(a, name, d + 1).unwrap_or_default())?;
            }
            return (!all.is_empty()).then_some(all);
        }
        match self.receiver(obj, d + 1)? {
            r @ (Recv::Obj(..) | Recv::Merged(_) | Recv::Proto(_)) => {
                let own = self.member_of(r, name, d);
                let mut all = match own {
                    Some((PropertyKind::Get, v)) => self.returned_strings(as_callee(v).into_iter().collect(), d)?,
                    Some((_, v)) => self.strings(v, d + 1)?,
                    None => Vec::new(),
                };
                // What the literal's methods set on `this`.
                if let Recv::Obj(o, _) = r {
                    for (_, _, v) in self
                        .decls
                        .literal_sets
                        .iter()
                        .filter(|(at, n, _)| *at == o.span.start && n == name)
                    {
                        add_all(&mut all, self.strings(v, d + 1).unwrap_or_default())?;
                    }
                }
                // What the file's code assigns to the member of the name
                // bound to the literal (`o.m = 'vm'`, anywhere in the file,
                // through a name bound to the same literal too; a bare `m =
                // 'vm'` inside `with (o)` where `o` holds `m`), then what it
                // appends (`o.m += 'process'`: to each value held so far).
                if let Recv::Obj(_, Some(s)) = r {
                    let sets = self.set_members(s, name, d);
                    let held = own.is_some() || sets.iter().any(|x| !x.bare && !x.append);
                    let sets: Vec<_> = sets.into_iter().filter(|x| held || !x.bare).collect();
                    for x in sets.iter().filter(|x| !x.append) {
                        add_all(&mut all, self.strings(x.value, d + 1).unwrap_or_default())?;
                    }
                    for x in sets.iter().filter(|x| x.append) {
                        if let Some(tail) = self.strings(x.value, d + 1) {
                            let more = product(all.clone(), &tail)?;
                            add_all(&mut all, more)?;
                        }
                    }
                }
                (!all.is_empty()).then_some(all)
            }
            recv @ (Recv::Instance(s) | Recv::Class(s)) => {
                let mut getters = Vec::new();
                let own = matches!(recv, Recv::Class(_));
                self.class_members(s, own, MethodDefinitionKind::Get, name, d, &mut getters);
                let mut all = self.returned_strings(getters, d)?;
                // What the class's code (or a parent's) sets on `this`.
                let mut at = Some(s);
                for _ in 0..MAX_DEPTH {
                    let Some(c) = at else { break };
                    for v in self.set_on_this(c, own, name) {
                        add_all(&mut all, self.strings(v, d + 1).unwrap_or_default())?;
                    }
                    at = self.parent_of(c);
                }
                Some(all)
            }
        }
    }

    /// The values the file's member assignments give the member `name` of
    /// the name `s` (`s.name = v`, `s[k] = v` with `k` folding to `name`).
    fn set_members(&self, s: SymbolId, name: &str, d: u32) -> Vec<&'s MemberSet<'a>> {
        let named = |key: &'s MemberKey<'a>| match key {
            MemberKey::Named(n) => n == name,
            MemberKey::Computed(k) => self.single(k, d + 1).as_deref() == Some(name),
        };
        let root = self.aliased(s);
        self.decls
            .member_sets
            .iter()
            .filter(|x| {
                let to = self.scoping.get_reference(x.at).symbol_id();
                to.is_some_and(|t| self.aliased(t) == root) && self.step() && named(&x.key)
            })
            .collect()
    }

    /// The name `s` is bound to when it is bound to another name (`const p
    /// = o`, neither assigned again; a few steps), else `s` itself.
    fn aliased(&self, mut s: SymbolId) -> SymbolId {
        for _ in 0..4 {
            match self.bound_init(s).map(|e| e.get_inner_expression()) {
                Some(Expression::Identifier(id)) => match self.sym(id) {
                    Some(t) if t != s => s = t,
                    _ => break,
                },
                _ => break,
            }
        }
        s
    }

    /// The values the code of the class or constructor function bound to
    /// `s` sets on `this` at `name` (`this.name = …` in its methods or its
    /// body, a field `name = …`; `own`: on the class itself, in its static
    /// members).
    fn set_on_this(&self, s: SymbolId, own: bool, name: &str) -> impl Iterator<Item = &'s Expression<'a>> + '_ {
        let class = self
            .class_of(s)
            .map(|c| c.span.start)
            .or_else(|| self.constructor_of(s));
        let name = name.to_string();
        self.decls
            .this_sets
            .iter()
            .filter(move |(o, n, _)| Some(o.class) == class && o.own == own && *n == name)
            .map(|&(_, _, v)| v)
    }

    /// The parent of the class bound to `s` when its `extends` is a name.
    fn parent_of(&self, s: SymbolId) -> Option<SymbolId> {
        match self.class_of(s)?.heritage.as_ref()?.expression.get_inner_expression() {
            Expression::Identifier(id) => self.sym(id),
            _ => None,
        }
    }

    /// The value of the last property `name` of an object literal or merge.
    fn property(&self, r: Recv<'s, 'a>, name: &str, d: u32) -> Option<&'s Expression<'a>> {
        match self.member_of(r, name, d)? {
            (PropertyKind::Init, v) => Some(v),
            _ => None,
        }
    }

    /// The last property or getter `name` of an object literal (or of an
    /// object it spreads, `{...o}`) or of an `Object.assign` merge, and its kind.
    fn member_of(&self, r: Recv<'s, 'a>, name: &str, d: u32) -> Option<(PropertyKind, &'s Expression<'a>)> {
        if d > MAX_DEPTH || !self.step() {
            return None;
        }
        let copied = |e: &'s Expression<'a>| {
            let r = self.receiver(e, d + 1)?;
            self.member_of(r, name, d + 1)
        };
        let from_sources = |args: &'s [Argument<'a>]| args.iter().rev().find_map(|a| copied(a.as_expression()?));
        match r {
            Recv::Obj(o, s) => s
                .into_iter()
                .flat_map(|s| self.merges_into(s))
                .find_map(from_sources)
                .or_else(|| {
                    o.properties.iter().rev().find_map(|p| match p {
                        ObjectPropertyKind::ObjectProperty(p)
                            if matches!(p.kind, PropertyKind::Init | PropertyKind::Get)
                                && key_name(&p.key).as_deref() == Some(name) =>
                        {
                            Some((p.kind, &p.value))
                        }
                        ObjectPropertyKind::SpreadProperty(sp) => copied(&sp.argument),
                        _ => None,
                    })
                })
                // A member it lacks: its prototype's.
                .or_else(|| copied(self.prototype(o, s, d).filter(|_| name != "__proto__")?)),
            Recv::Merged(args) => from_sources(args),
            Recv::Proto(args) => args.iter().take(2).find_map(|a| copied(a.as_expression()?)),
            _ => None,
        }
    }

    /// The prototype of the object literal `o` (bound to `s`): its
    /// `__proto__` member, else what the last `Object.setPrototypeOf` of
    /// the name bound to it gives.
    fn prototype(&self, o: &'s ObjectExpression<'a>, s: Option<SymbolId>, d: u32) -> Option<&'s Expression<'a>> {
        let own = o.properties.iter().find_map(|p| match p {
            ObjectPropertyKind::ObjectProperty(p)
                if p.kind == PropertyKind::Init && !p.computed && key_name(&p.key).as_deref() == Some("__proto__") =>
            {
                Some(&p.value)
            }
            _ => None,
        });
        if own.is_some() || !self.step() {
            return own;
        }
        self.decls.proto_sets.iter().rev().find_map(|(at, c)| {
            let target = self.scoping.get_reference(*at).symbol_id()?;
            let bound = |t: SymbolId| match self.bound_init(t)?.get_inner_expression() {
                Expression::ObjectExpression(b) => Some(b.span == o.span),
                _ => None,
            };
            let set = s.map_or_else(|| bound(target) == Some(true), |s| s == target);
            (set && d <= MAX_DEPTH && sets_prototype(&c.callee, self.scoping))
                .then(|| c.arguments.get(1)?.as_expression())
                .flatten()
        })
    }

    /// The sources `Object.assign(o, …)` calls copy into the object bound
    /// to `s`, the last call first.
    fn merges_into(&self, s: SymbolId) -> impl Iterator<Item = &'s [Argument<'a>]> + '_ {
        self.decls.merges.iter().rev().filter_map(move |(at, c)| {
            let into = self.scoping.get_reference(*at).symbol_id() == Some(s);
            (into && is_object_assign(&c.callee, self.scoping))
                .then(|| c.arguments.get(1..))
                .flatten()
        })
    }

    /// The initializer of the declarator that binds `s` alone, when `s` is
    /// never assigned again.
    fn bound_init(&self, s: SymbolId) -> Option<&'s Expression<'a>> {
        if self.scoping.symbol_is_mutated(s) {
            return None;
        }
        self.decls.inits.get(&s).copied()
    }

    /// The start of the plain function declared or bound to `s` (a
    /// constructor function).
    fn constructor_of(&self, s: SymbolId) -> Option<u32> {
        let start = match self.decls.funcs.get(&s) {
            Some(f) => f.span.start,
            None => match self.bound_init(s)?.get_inner_expression() {
                Expression::FunctionExpression(f) => f.span.start,
                _ => return None,
            },
        };
        (self.decls.class_syms.get(&start) == Some(&s)).then_some(start)
    }

    /// The class declared or bound to `s`.
    fn class_of(&self, s: SymbolId) -> Option<&'s Class<'a>> {
        if let Some(c) = self.decls.classes.get(&s) {
            return Some(c);
        }
        match self.bound_init(s)?.get_inner_expression() {
            Expression::ClassExpression(c) => Some(c),
            _ => None,
        }
    }

    /// What the object of a member expression is.
    fn receiver(&self, e: &'s Expression<'a>, d: u32) -> Option<Recv<'s, 'a>> {
        if d > MAX_DEPTH || !self.step() {
            return None;
        }
        match e.get_inner_expression() {
            Expression::ObjectExpression(o) => Some(Recv::Obj(o, None)),
            Expression::ThisExpression(t) => match *self.decls.this_of.get(&t.span.start)? {
                This::Owner(o) => {
                    let &s = self.decls.class_syms.get(&o.class)?;
                    Some(if o.own { Recv::Class(s) } else { Recv::Instance(s) })
                }
                This::Literal(o) => Some(Recv::Obj(o, None)),
                This::Receiver(e) => self.receiver(e, d + 1),
            },
            // `super` in a class's method: the parent's prototype (its
            // instances' methods), in a static one the parent itself.
            Expression::Super(sup) => {
                let Some(o) = self.decls.super_of.get(&sup.span.start) else {
                    // An object literal's method: the literal's `__proto__`.
                    let &lit = self.decls.literal_super_of.get(&sup.span.start)?;
                    return self.receiver(self.prototype(lit, None, d + 1)?, d + 1);
                };
                let parent = self.parent_of(*self.decls.class_syms.get(&o.class)?)?;
                Some(if o.own {
                    Recv::Class(parent)
                } else {
                    Recv::Instance(parent)
                })
            }
            Expression::NewExpression(n) => match n.callee.get_inner_expression() {
                Expression::Identifier(id) => Some(Recv::Instance(self.sym(id)?)),
                _ => None,
            },
            Expression::Identifier(id) => {
                let s = self.sym(id)?;
                let flags = self.scoping.symbol_flags(s);
                if flags.intersects(SymbolFlags::Class | SymbolFlags::Function) {
                    return Some(Recv::Class(s));
                }
                match self.bound_init(s)?.get_inner_expression() {
                    Expression::ObjectExpression(o) => Some(Recv::Obj(o, Some(s))),
                    Expression::ClassExpression(_)
                    | Expression::FunctionExpression(_)
                    | Expression::ArrowFunctionExpression(_) => Some(Recv::Class(s)),
                    other => self.receiver(other, d + 1),
                }
            }
            // `module.exports` (the global `module`) given an object literal.
            Expression::StaticMemberExpression(m)
                if is_module_exports(m)
                    && matches!(m.object.get_inner_expression(), Expression::Identifier(id) if self.sym(id).is_none()) =>
            {
                let &o = self.decls.exports_literals.last()?;
                Some(Recv::Obj(o, None))
            }
            Expression::StaticMemberExpression(m) => {
                let r = self.receiver(&m.object, d + 1)?;
                match (r, m.property.name.as_str()) {
                    // `K.prototype`: what the instances' methods see as `this`.
                    (Recv::Class(s), "prototype") => Some(Recv::Instance(s)),
                    (r, name) => self.receiver(self.property(r, name, d + 1)?, d + 1),
                }
            }
            Expression::ComputedMemberExpression(m) => {
                let r = self.receiver(&m.object, d + 1)?;
                self.receiver(self.property(r, &self.single(&m.expression, d + 1)?, d + 1)?, d + 1)
            }
            Expression::CallExpression(c) if is_object_assign(&c.callee, self.scoping) => {
                Some(Recv::Merged(&c.arguments))
            }
            // (An object inheriting all of `p`'s members.)
            Expression::CallExpression(c) if is_global_method(&c.callee, self.scoping, "create") => {
                self.receiver(c.arguments.first()?.as_expression()?, d + 1)
            }
            Expression::CallExpression(c) if is_global_method(&c.callee, self.scoping, "setPrototypeOf") => {
                Some(Recv::Proto(&c.arguments))
            }
            // What the one function called returns (`o.cfg().name`).
            Expression::CallExpression(c) => self.receiver(self.only_returned(c, d)?, d + 1),
            _ => None,
        }
    }

    /// The functions a callee may be.
    fn callees(&self, callee: &'s Expression<'a>, d: u32) -> Vec<Callee<'s, 'a>> {
        if d > MAX_DEPTH || !self.step() {
            return Vec::new();
        }
        let mut out = Vec::new();
        match callee.get_inner_expression() {
            Expression::FunctionExpression(f) => out.push(Callee::Func(f)),
            Expression::ArrowFunctionExpression(a) => out.push(Callee::Arrow(a)),
            Expression::Identifier(id) => {
                let Some(s) = self.sym(id) else {
                    return out;
                };
                if let (Some(f), false) = (self.decls.funcs.get(&s), self.scoping.symbol_is_mutated(s)) {
                    out.push(Callee::Func(f));
                } else if let Some(init) = self.bound_init(s) {
                    return self.callees(init, d + 1);
                }
            }
            Expression::StaticMemberExpression(m) => {
                self.methods(&m.object, m.property.name.as_str(), d, &mut out);
            }
            Expression::ComputedMemberExpression(m) => {
                if let Some(k) = self.single(&m.expression, d + 1) {
                    self.methods(&m.object, &k, d, &mut out);
                }
            }
            _ => {}
        }
        out
    }

    /// The methods `name` of what `obj` is.
    fn methods(&self, obj: &'s Expression<'a>, name: &str, d: u32, out: &mut Vec<Callee<'s, 'a>>) {
        // A parameter: the method of each argument passed there
        // (`function f(o) { require(o.m()) }; f({ m() { return 'vm' } })`).
        if let Some(args) = self.parameter_values(obj, d + 1) {
            for a in args.into_iter().filter(|_| d <= MAX_DEPTH) {
                self.methods(a, name, d + 1, out);
            }
            return;
        }
        match self.receiver(obj, d + 1) {
            Some(r @ Recv::Obj(_, s)) => {
                if let Some(f) = self.property(r, name, d + 1).and_then(as_callee) {
                    out.push(f);
                }
                if let Some(s) = s {
                    self.assigned(s, false, name, d, out);
                }
            }
            Some(r @ (Recv::Merged(_) | Recv::Proto(_))) => {
                out.extend(self.property(r, name, d + 1).and_then(as_callee))
            }
            Some(Recv::Instance(s)) => self.class_members(s, false, MethodDefinitionKind::Method, name, d, out),
            Some(Recv::Class(s)) => self.class_members(s, true, MethodDefinitionKind::Method, name, d, out),
            None => {}
        }
    }

    /// The methods (or getters, by `kind`) `name` of the class or
    /// constructor bound to `s` (its instances', or its own when `own`),
    /// inherited through `extends` when it has none of that name.
    fn class_members(
        &self,
        s: SymbolId,
        own: bool,
        kind: MethodDefinitionKind,
        name: &str,
        d: u32,
        out: &mut Vec<Callee<'s, 'a>>,
    ) {
        if d > MAX_DEPTH || !self.step() {
            return;
        }
        let before = out.len();
        for el in self.class_of(s).map_or(&[][..], |c| &c.body.body[..]) {
            if let ClassElement::MethodDefinition(md) = el {
                if md.kind == kind && md.r#static == own && !md.computed && key_name(&md.key).as_deref() == Some(name) {
                    out.push(Callee::Func(&md.value));
                }
            }
        }
        if kind == MethodDefinitionKind::Method {
            self.assigned(s, !own, name, d, out);
            self.copied_onto(s, !own, name, d, out);
            out.extend(self.set_on_this(s, own, name).filter_map(as_callee));
        }
        if out.len() > before {
            return;
        }
        if let Some(p) = self.parent_of(s) {
            self.class_members(p, own, kind, name, d + 1, out);
        }
    }

    /// Functions assigned to the member `name` of the name `s`
    /// (`s.name = …`), or of its prototype when `proto` (`s.prototype.name
    /// = …`, `s.prototype = { name() … }`).
    fn assigned(&self, s: SymbolId, proto: bool, name: &str, d: u32, out: &mut Vec<Callee<'s, 'a>>) {
        for a in &self.decls.assigned {
            if a.proto != proto || self.scoping.get_reference(a.at).symbol_id() != Some(s) {
                continue;
            }
            match (&a.name, a.value.get_inner_expression()) {
                // (A name: the function it is bound to, `K.m = f`.)
                (Some(n), _) if n == name => out.extend(self.callees(a.value, d + 1)),
                (None, Expression::ObjectExpression(o)) => {
                    out.extend(self.property(Recv::Obj(o, None), name, 0).and_then(as_callee));
                }
                _ => {}
            }
        }
    }

    /// Methods `Object.assign` calls copy onto the name `s` (`Object.assign(K,
    /// { name() … })`), or onto its prototype when `proto`
    /// (`Object.assign(K.prototype, …)`), the last call first.
    fn copied_onto(&self, s: SymbolId, proto: bool, name: &str, d: u32, out: &mut Vec<Callee<'s, 'a>>) {
        let calls = if proto {
            &self.decls.proto_merges
        } else {
            &self.decls.merges
        };
        for (at, c) in calls.iter().rev() {
            if self.scoping.get_reference(*at).symbol_id() != Some(s) || !is_object_assign(&c.callee, self.scoping) {
                continue;
            }
            let sources = c.arguments.get(1..).unwrap_or_default();
            out.extend(self.property(Recv::Merged(sources), name, d + 1).and_then(as_callee));
        }
    }

    /// Every value the `return`s of the call `e`'s callees give, when
    /// there are several (`function f(k) { if (k) return ['vm']; return
    /// ['fs'] }`): each is a candidate. `None` for anything else (one
    /// `return` is [`Self::only_returned`]'s).
    pub(super) fn several_returned(&self, e: &'s Expression<'a>, d: u32) -> Option<Vec<&'s Expression<'a>>> {
        if d > MAX_DEPTH {
            return None;
        }
        let Expression::CallExpression(c) = e.get_inner_expression() else {
            return None;
        };
        let fs = self.callees(&c.callee, d + 1);
        let rs: Vec<_> = fs.into_iter().flat_map(|f| self.returned(f)).collect();
        (rs.len() > 1).then_some(rs)
    }

    /// What `read` gives of each value the call `e` returns when its
    /// callees have several `return`s (each that folds; `None`: not such a
    /// call, or none folds).
    pub(super) fn of_each_returned(
        &self,
        e: &'s Expression<'a>,
        d: u32,
        read: impl Fn(&'s Expression<'a>) -> Option<Vec<String>>,
    ) -> Option<Vec<String>> {
        let mut all = Vec::new();
        for r in self.several_returned(e, d + 1)? {
            add_all(&mut all, read(r).unwrap_or_default())?;
        }
        (!all.is_empty()).then_some(all)
    }

    /// The one expression a call returns: its callee is one function (or
    /// method) with one `return` (or an arrow's expression body), whatever
    /// that value is (an array, an object literal, a name bound to one).
    fn only_returned(&self, c: &'s CallExpression<'a>, d: u32) -> Option<&'s Expression<'a>> {
        let [f] = self.callees(&c.callee, d + 1)[..] else {
            return None;
        };
        let [r] = self.returned(f)[..] else {
            return None;
        };
        Some(r)
    }

    /// The expressions a function's `return`s give (an arrow's expression body).
    fn returned(&self, f: Callee<'s, 'a>) -> Vec<&'s Expression<'a>> {
        let body = match f {
            Callee::Func(f) => f.body.as_deref(),
            Callee::Arrow(a) => match a.get_expression() {
                Some(e) => return vec![e],
                None => a.get_function_body(),
            },
        };
        let mut rs = Vec::new();
        if let Some(b) = body {
            returns_in(&b.statements, &mut rs, 0);
        }
        rs.into_iter().filter_map(|r| r.argument.as_ref()).collect()
    }
}

/// A function or arrow expression as a callee.
fn as_callee<'s, 'a>(e: &'s Expression<'a>) -> Option<Callee<'s, 'a>> {
    match e.get_inner_expression() {
        Expression::FunctionExpression(f) => Some(Callee::Func(f)),
        Expression::ArrowFunctionExpression(a) => Some(Callee::Arrow(a)),
        _ => None,
    }
}

/// `Object.assign` (the global's).
fn is_object_assign(callee: &Expression<'_>, scoping: &Scoping) -> bool {
    is_global_method(callee, scoping, "assign")
}

/// `Object.<name>` (the global `Object`).
fn is_global_method(callee: &Expression<'_>, scoping: &Scoping, name: &str) -> bool {
    is_global_on(callee, scoping, "Object", name)
}

/// `<on>.<name>` (the global `on`).
fn is_global_on(callee: &Expression<'_>, scoping: &Scoping, on: &str, name: &str) -> bool {
    match callee.get_inner_expression() {
        Expression::StaticMemberExpression(m) if m.property.name.as_str() == name => {
            matches!(m.object.get_inner_expression(), Expression::Identifier(id)
                if id.name.as_str() == on
                    && id.reference_id.get().is_some_and(|r| scoping.get_reference(r).symbol_id().is_none()))
        }
        _ => false,
    }
}

/// `Object.setPrototypeOf` or `Reflect.setPrototypeOf` (the globals'): both
/// give their first argument the second as its prototype.
fn sets_prototype(callee: &Expression<'_>, scoping: &Scoping) -> bool {
    is_global_method(callee, scoping, "setPrototypeOf") || is_global_on(callee, scoping, "Reflect", "setPrototypeOf")
}

/// `module.exports` (by its spelling).
fn is_module_exports(m: &StaticMemberExpression<'_>) -> bool {
    m.property.name.as_str() == "exports"
        && matches!(m.object.get_inner_expression(), Expression::Identifier(id) if id.name.as_str() == "module")
}

/// A computed member's key when it is a string literal.
fn key_of(e: &Expression<'_>) -> Option<String> {
    match e.get_inner_expression() {
        Expression::StringLiteral(s) => Some(s.value.as_str().to_string()),
        _ => None,
    }
}

/// Add strings not held yet; `None` past [`MAX_FOLD_CHOICES`].
fn add_all(all: &mut Vec<String>, more: Vec<String>) -> Option<()> {
    for s in more {
        if !all.contains(&s) {
            all.push(s);
        }
    }
    (all.len() <= MAX_FOLD_CHOICES).then_some(())
}
