//! Array literals as specifiers' sources for [`super::Specs`]: the strings
//! at each position of an array literal bound to a name, with what the
//! file's code changes there afterwards (`a[i] = …`, `a.push(…)`,
//! `a.unshift(…)`, `a.splice(…)`; `shift`, `pop`, `reverse`, `sort` and
//! `a.length = n` move the positions), of arrays `concat` builds, `slice`
//! selects, `Array.from(a)` and `[...a]` copy (of a string: its
//! characters, as `s.split('')` gives them), read by an
//! element (`a[0]`, `a.pop()`, `a.shift()`), by an array method's callback
//! or a `for … of` loop's variable, and joined (`a.join('')`,
//! `a.reduce((s, p) => s + p, '')`).
//!
//! Where a change happens is not ordered against the read: a change
//! anywhere in the file counts (a value the array may hold).

use super::patterns::Picked;
use super::reorders::{reversed, sort_order, sorted, Reorder, Reorders, Slots};
use super::{add_all, product, Specs, MAX_DEPTH};
use oxc_ast::ast::*;
use oxc_semantic::{ReferenceId, SymbolId};
use oxc_syntax::operator::{BinaryOperator, UnaryOperator};

/// Where a change puts its value in an array bound to a name.
#[derive(Clone, Copy)]
pub(super) enum Slot<'a> {
    /// `a[i] = v`.
    At(&'a Expression<'a>),
    /// `a.push(v)`.
    End,
    /// `a.unshift(v)`.
    Front,
    /// An item `a.splice(…)` inserts: any position may hold it.
    Anywhere,
    /// `a.splice(…)`, `shift`, `pop`, `sort(f)`, `copyWithin`, `a.length =
    /// n`: positions may move (an element read may be any of them).
    Moved,
    /// `a.reverse()`, `a.sort()`: positions may move, a join reads the
    /// order they may be in too.
    Reordered(Reorder),
}

/// A change of the array bound to the name `at` refers to.
pub(super) struct ArrayChange<'a> {
    pub(super) at: ReferenceId,
    pub(super) slot: Slot<'a>,
    pub(super) value: &'a Expression<'a>,
}

/// The changes a member assignment or a call makes to an array bound to a
/// name (`a[i] = v`; `a.push(v, …)`, `a.unshift(v, …)`, `a.splice(i, n,
/// v, …)` without spread).
pub(super) fn changes_of<'a>(
    target: &'a Expression<'a>,
    slot: Slot<'a>,
    values: impl Iterator<Item = &'a Expression<'a>>,
    out: &mut Vec<ArrayChange<'a>>,
) {
    if let Expression::Identifier(id) = target.get_inner_expression() {
        if let Some(at) = id.reference_id.get() {
            out.extend(values.map(|value| ArrayChange { at, slot, value }));
        }
    }
}

/// An array's positions, and whether they are where the literal puts them
/// (no spread element before one).
struct Layout {
    slots: Slots,
    exact: bool,
    /// A `splice` may have moved the positions: an element read is any of them.
    moved: bool,
    /// The reorderings a statement may have made (`a.reverse();`).
    reorders: Reorders,
}

impl<'s, 'a: 's> Specs<'s, 'a, '_> {
    /// The positions of the array `e` is (an array literal or a `concat`
    /// call, itself or bound to a name never assigned again, with the
    /// file's changes to it); `None` for anything else. A spread element is
    /// a position that does not fold.
    fn slots(&self, e: &'s Expression<'a>, d: u32) -> Option<Layout> {
        if d > MAX_DEPTH || !self.step() {
            return None;
        }
        let (built, sym) = match e.get_inner_expression() {
            Expression::Identifier(id) => {
                let s = self.sym(id)?;
                match self.bound_init(s) {
                    Some(init) => (init, Some(s)),
                    None => return self.rest_slots(s, d),
                }
            }
            _ => (e, None),
        };
        let Layout {
            mut slots,
            exact,
            mut moved,
            mut reorders,
        } = match (self.built_slots(built, d), built.get_inner_expression()) {
            (Some(layout), _) => layout,
            // What the one function called returns (`o.parts().join('')`).
            (None, Expression::CallExpression(c)) => self.slots(self.only_returned(c, d)?, d + 1)?,
            (None, _) => return None,
        };
        let Some(s) = sym else {
            return Some(Layout {
                slots,
                exact,
                moved,
                reorders,
            });
        };
        let (mut front, mut anywhere) = (Slots::new(), Vec::new());
        for c in self.decls.array_changes.iter() {
            if self.scoping.get_reference(c.at).symbol_id() != Some(s) || !self.step() {
                continue;
            }
            if let Slot::Moved | Slot::Reordered(_) = c.slot {
                if let Slot::Reordered(r) = c.slot {
                    reorders.add(r);
                }
                moved = true;
                continue;
            }
            let v = self.strings(c.value, d + 1);
            match c.slot {
                Slot::End => slots.push(v),
                Slot::Front => front.insert(0, v),
                Slot::Anywhere => anywhere.push(v),
                Slot::Moved | Slot::Reordered(_) => {}
                Slot::At(i) => {
                    let at = self.single(i, d + 1).and_then(|k| k.parse::<usize>().ok());
                    match at {
                        Some(at) if at < 1024 => {
                            if slots.len() <= at {
                                slots.resize(at + 1, Some(Vec::new()));
                            }
                            add_at(&mut slots[at], v)?;
                        }
                        // (At a position not known: any may hold it.)
                        _ => anywhere.push(v),
                    }
                }
            }
        }
        front.append(&mut slots);
        for v in anywhere {
            for slot in &mut front {
                add_at(slot, v.clone())?;
            }
        }
        Some(Layout {
            slots: front,
            exact,
            moved,
            reorders,
        })
    }

    /// The positions the name an array pattern's rest binds holds (`const
    /// [, ...r] = arr`, never assigned again): those of the array the
    /// pattern takes apart from the rest's index on (positions in place).
    fn rest_slots(&self, s: SymbolId, d: u32) -> Option<Layout> {
        if self.scoping.symbol_is_mutated(s) {
            return None;
        }
        let x = self.decls.destructured.get(&s)?;
        let (Picked::Rest(from), steps) = x.path.split_last()? else {
            return None;
        };
        let arr = self.picked_value(x.init, steps, d + 1)?;
        let mut layout = self.slots(arr, d + 1).filter(Layout::in_place)?;
        layout.slots = layout.slots.into_iter().skip(*from).collect();
        Some(layout)
    }

    /// The positions of an array literal, or of the array a `concat` call
    /// builds (its object's, then each argument's: an array's positions, or
    /// the value itself; no spread argument).
    fn built_slots(&self, e: &'s Expression<'a>, d: u32) -> Option<Layout> {
        match e.get_inner_expression() {
            Expression::ArrayExpression(arr) => {
                let mut exact = true;
                let mut slots = Slots::new();
                for el in &arr.elements {
                    match el {
                        // `[...a]`: a copy of an array whose positions are known.
                        // `[...'vm']`: one position for each character of a string.
                        ArrayExpressionElement::SpreadElement(sp) => match self.copied_slots(&sp.argument, d + 1) {
                            Some(inner) if inner.in_place() => slots.extend(inner.slots),
                            _ => {
                                exact = false;
                                slots.push(None);
                            }
                        },
                        el => slots.push(el.as_expression().and_then(|x| self.strings(x, d + 1))),
                    }
                }
                Some(Layout {
                    slots,
                    exact,
                    moved: false,
                    reorders: Reorders::default(),
                })
            }
            Expression::CallExpression(c) if c.arguments.iter().all(|a| !a.is_spread()) => {
                let Expression::StaticMemberExpression(m) = c.callee.get_inner_expression() else {
                    return None;
                };
                // `Array.from(a)` (the global `Array`, no mapping function): a copy.
                if m.property.name.as_str() == "from" && is_global_array(&m.object, self) {
                    let [a] = c.arguments.as_slice() else { return None };
                    return self.copied_slots(a.as_expression()?, d + 1);
                }
                // `s.split('')`: one position for each character of the string.
                if m.property.name.as_str() == "split" {
                    let [sep] = c.arguments.as_slice() else { return None };
                    if !self.single(sep.as_expression()?, d + 1)?.is_empty() {
                        return None;
                    }
                    return self.characters(&m.object, d + 1);
                }
                // `a.slice(i, j)` (number literals) of positions in place.
                if m.property.name.as_str() == "slice" {
                    let mut layout = self.slots(&m.object, d + 1).filter(Layout::in_place)?;
                    let range = slice_range(&c.arguments, layout.slots.len())?;
                    layout.slots = layout.slots.drain(range).collect();
                    return Some(layout);
                }
                // `a.fill(v)`, `new Array(n).fill(v)`: any position may hold `v`.
                if m.property.name.as_str() == "fill" {
                    let mut layout = match self.slots(&m.object, d + 1) {
                        Some(l) => l,
                        None => sized_array(&m.object, self)?,
                    };
                    let v = c.arguments.first().and_then(|a| a.as_expression());
                    let v = v.and_then(|x| self.strings(x, d + 1));
                    for slot in &mut layout.slots {
                        add_at(slot, v.clone())?;
                    }
                    return Some(layout);
                }
                // `a.reverse()`, `a.sort(…)`, `a.copyWithin(…)` (and the
                // copies `toReversed`, `toSorted`): the array reordered;
                // exactly when its positions had not moved.
                let name = m.property.name.as_str();
                if matches!(name, "reverse" | "sort" | "copyWithin" | "toReversed" | "toSorted") {
                    let mut layout = self.slots(&m.object, d + 1)?;
                    let order = match name {
                        "reverse" | "toReversed" => Some(Reorder::Reverse),
                        "sort" | "toSorted" => sort_order(&c.arguments),
                        _ => None,
                    };
                    let exact = match order {
                        Some(Reorder::Reverse) if !layout.moved => Some(reversed(layout.slots.clone())),
                        Some(Reorder::Sort) if !layout.moved => sorted(&layout.slots),
                        Some(Reorder::SortDescending) if !layout.moved => sorted(&layout.slots).map(reversed),
                        _ => None,
                    };
                    match (exact, order) {
                        (Some(slots), _) => layout.slots = slots,
                        (None, Some(r)) => {
                            layout.reorders.add(r);
                            layout.moved = true;
                        }
                        (None, None) => layout.moved = true,
                    }
                    return Some(layout);
                }
                if m.property.name.as_str() != "concat" {
                    return None;
                }
                let mut layout = self.slots(&m.object, d + 1)?;
                for a in c.arguments.iter().filter_map(|a| a.as_expression()) {
                    match self.slots(a, d + 1) {
                        Some(more) => {
                            layout.exact &= more.exact;
                            layout.moved |= more.moved;
                            layout.slots.extend(more.slots);
                        }
                        None => layout.slots.push(self.strings(a, d + 1)),
                    }
                }
                Some(layout)
            }
            _ => None,
        }
    }

    /// The positions of what `Array.from(e)` or `[...e]` copies: an
    /// array's, or a string's characters.
    fn copied_slots(&self, e: &'s Expression<'a>, d: u32) -> Option<Layout> {
        self.slots(e, d).or_else(|| self.characters(e, d))
    }

    /// One position for each character (code point, as a spread counts)
    /// of the one string `e` is (not a number literal; at most 1024).
    fn characters(&self, e: &'s Expression<'a>, d: u32) -> Option<Layout> {
        if matches!(e.get_inner_expression(), Expression::NumericLiteral(_)) {
            return None;
        }
        let s = self.single(e, d)?;
        if s.chars().count() > 1024 {
            return None;
        }
        Some(Layout {
            slots: s.chars().map(|ch| Some(vec![ch.to_string()])).collect(),
            exact: true,
            moved: false,
            reorders: Reorders::default(),
        })
    }

    /// The strings at the position `key` of the array `obj` is (`None`:
    /// not an array literal).
    pub(super) fn element_strings(&self, obj: &'s Expression<'a>, key: &str, d: u32) -> Option<Vec<String>> {
        let i = key.parse::<usize>().ok()?;
        // A call with several `return`s: that element of each value returned.
        if let Some(v) = self.of_each_returned(obj, d, |r| self.element_strings(r, key, d + 1)) {
            return Some(v);
        }
        let layout = self.slots(obj, d)?;
        if layout.moved {
            return union(layout.slots);
        }
        layout
            .exact
            .then(|| layout.slots.into_iter().nth(i).flatten())
            .flatten()
    }

    /// The strings an element-taking call gives (`a.pop()`, `a.shift()`):
    /// any element's.
    pub(super) fn taken_element(&self, c: &'s CallExpression<'a>, d: u32) -> Option<Vec<String>> {
        match c.callee.get_inner_expression() {
            Expression::StaticMemberExpression(m) if matches!(m.property.name.as_str(), "pop" | "shift") => {
                self.all_elements(&m.object, d + 1)
            }
            _ => None,
        }
    }

    /// Every string the array `obj` holds (each position that folds).
    pub(super) fn all_elements(&self, obj: &'s Expression<'a>, d: u32) -> Option<Vec<String>> {
        union(self.slots(obj, d)?.slots)
    }

    /// The strings a call joining an array gives: `a.join(sep)` and
    /// `a.reduce((s, p) => s + p, init)` (every position must fold).
    pub(super) fn joined_strings(&self, c: &'s CallExpression<'a>, d: u32) -> Option<Vec<String>> {
        let Expression::StaticMemberExpression(m) = c.callee.get_inner_expression() else {
            return None;
        };
        let arg = |i: usize| c.arguments.get(i).and_then(|a| a.as_expression());
        let (init, sep) = match m.property.name.as_str() {
            "join" => {
                let sep = match arg(0) {
                    Some(x) => self.single(x, d + 1)?,
                    None => ",".to_string(),
                };
                (vec![String::new()], sep)
            }
            "reduce" if arg(0).is_some_and(is_concatenation) => {
                let init = match arg(1) {
                    Some(x) => self.strings(x, d + 1)?,
                    None => vec![String::new()],
                };
                (init, String::new())
            }
            _ => return None,
        };
        self.join_slots(&m.object, init, &sep, d)
    }

    /// Each of `init` followed by the array `obj`'s positions in order,
    /// `sep` between them (every position must fold).
    pub(super) fn join_slots(
        &self,
        obj: &'s Expression<'a>,
        init: Vec<String>,
        sep: &str,
        d: u32,
    ) -> Option<Vec<String>> {
        // A call with several `return`s: each value returned, joined.
        if let Some(v) = self.of_each_returned(obj, d, |r| self.join_slots(r, init.clone(), sep, d + 1)) {
            return Some(v);
        }
        let layout = self.slots(obj, d)?;
        let mut worlds = Vec::new();
        for slots in layout.reorders.orders(layout.slots) {
            let mut all = init.clone();
            for (i, slot) in slots.into_iter().enumerate() {
                if i > 0 && !sep.is_empty() {
                    all = product(all, &[sep.to_string()])?;
                }
                all = product(all, &slot?)?;
            }
            add_all(&mut worlds, all)?;
        }
        Some(worlds)
    }
}

/// Every string of the positions that fold.
/// The empty positions of `new Array(n)` or `Array(n)` (the global
/// `Array`, `n` a number literal up to 1024); `None` for anything else.
fn sized_array<'a>(e: &Expression<'a>, specs: &Specs<'_, 'a, '_>) -> Option<Layout> {
    let (callee, args) = match e.get_inner_expression() {
        Expression::NewExpression(n) => (&n.callee, &n.arguments),
        Expression::CallExpression(c) => (&c.callee, &c.arguments),
        _ => return None,
    };
    if !is_global_array(callee, specs) {
        return None;
    }
    let [Argument::NumericLiteral(n)] = args.as_slice() else {
        return None;
    };
    let len = (n.value.fract() == 0.0 && (0.0..=1024.0).contains(&n.value)).then_some(n.value as usize)?;
    Some(Layout {
        slots: vec![Some(Vec::new()); len],
        exact: true,
        moved: false,
        reorders: Reorders::default(),
    })
}

/// The global `Array`.
fn is_global_array(e: &Expression<'_>, specs: &Specs<'_, '_, '_>) -> bool {
    matches!(e.get_inner_expression(), Expression::Identifier(id) if id.name == "Array" && specs.sym(id).is_none())
}

impl Layout {
    /// Every position where the literal puts it: no spread element that
    /// does not fold before one, none moved or reordered.
    fn in_place(&self) -> bool {
        self.exact && !self.moved && self.reorders.is_none()
    }
}

/// The positions `slice(start, end)` keeps of an array of `len` (number
/// literals, a negative one counted from the end, as `slice` does);
/// `None` for any other argument.
fn slice_range(args: &[Argument<'_>], len: usize) -> Option<std::ops::Range<usize>> {
    let at = |i: usize, default: usize| -> Option<usize> {
        let Some(a) = args.get(i) else {
            return Some(default);
        };
        let (negative, n) = match a.as_expression()?.get_inner_expression() {
            Expression::NumericLiteral(n) => (false, n.value),
            Expression::UnaryExpression(u) if u.operator == UnaryOperator::UnaryNegation => {
                match u.argument.get_inner_expression() {
                    Expression::NumericLiteral(n) => (true, n.value),
                    _ => return None,
                }
            }
            _ => return None,
        };
        if n.fract() != 0.0 || !(0.0..=1024.0).contains(&n) {
            return None;
        }
        let n = n as usize;
        Some(if negative { len.saturating_sub(n) } else { n.min(len) })
    };
    if args.len() > 2 {
        return None;
    }
    let (start, end) = (at(0, 0)?, at(1, len)?);
    Some(start..end.max(start))
}

fn union(slots: Slots) -> Option<Vec<String>> {
    let mut all = Vec::new();
    for v in slots.into_iter().flatten() {
        add_all(&mut all, v)?;
    }
    Some(all)
}

/// Add the strings `v` to a position (a position that does not fold stays so).
fn add_at(slot: &mut Option<Vec<String>>, v: Option<Vec<String>>) -> Option<()> {
    match (slot.as_mut(), v) {
        (Some(held), Some(v)) => add_all(held, v),
        (Some(_), None) => {
            *slot = None;
            Some(())
        }
        (None, _) => Some(()),
    }
}

/// A reducer that concatenates: `(s, p) => s + p` (or a function
/// returning `s + p`), its two parameters plain names.
fn is_concatenation(e: &Expression<'_>) -> bool {
    let Some((params, body)) = params_and_result(e) else {
        return false;
    };
    let names: Vec<&str> = params
        .items
        .iter()
        .filter_map(|p| match &p.pattern {
            BindingPattern::BindingIdentifier(b) => Some(b.name.as_str()),
            _ => None,
        })
        .collect();
    let Some(Expression::BinaryExpression(b)) = body.map(|x| x.get_inner_expression()) else {
        return false;
    };
    let name = |x: &Expression<'_>| match x.get_inner_expression() {
        Expression::Identifier(id) => Some(id.name.as_str().to_string()),
        _ => None,
    };
    b.operator == BinaryOperator::Addition
        && params.items.len() == 2
        && names.len() == 2
        && name(&b.left).as_deref() == names.first().copied()
        && name(&b.right).as_deref() == names.get(1).copied()
}

/// The parameters of a function or arrow expression and the expression
/// it returns when its body is only that (an arrow's expression body, or
/// one `return` statement).
pub(super) fn params_and_result<'b, 'a>(
    e: &'b Expression<'a>,
) -> Option<(&'b FormalParameters<'a>, Option<&'b Expression<'a>>)> {
    match e.get_inner_expression() {
        Expression::ArrowFunctionExpression(a) => Some((
            &a.params,
            a.get_expression()
                .or_else(|| a.get_function_body().and_then(only_return)),
        )),
        Expression::FunctionExpression(f) => Some((&f.params, f.body.as_ref().and_then(|b| only_return(b)))),
        _ => None,
    }
}

/// The expression of a body that is one `return` statement.
fn only_return<'b, 'a>(body: &'b FunctionBody<'a>) -> Option<&'b Expression<'a>> {
    match body.statements.as_slice() {
        [Statement::ReturnStatement(r)] => r.argument.as_ref(),
        _ => None,
    }
}
