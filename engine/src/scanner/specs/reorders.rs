//! The orders an array's positions may be in after `reverse` and `sort`
//! (default string order), for [`super::arrays`]: `X.reverse()` /
//! `X.toReversed()` and `X.sort()` / `X.toSorted()` (or with a comparison
//! function whose order is decidable, [`sort_order`]) of an array whose
//! positions are known are that array reordered; where a named array is
//! reordered by a statement somewhere in the file (`a.reverse();`), a join
//! reads each order it may be in (written, reversed, sorted, both).

use super::arrays::params_and_result;
use oxc_ast::ast::*;
use oxc_syntax::operator::{BinaryOperator, UnaryOperator};

/// The strings at each position of an array (`None`: a position that does not fold).
pub(super) type Slots = Vec<Option<Vec<String>>>;

/// A reordering of an array's positions.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Reorder {
    /// `reverse()`, `toReversed()`.
    Reverse,
    /// `sort()`, `toSorted()` without a comparison function, or with one
    /// that orders two strings ascending (`(a, b) => a < b ? -1 : 1`).
    Sort,
    /// `sort(f)`, `toSorted(f)` with a comparison function that orders two
    /// strings descending (`(a, b) => a < b ? 1 : -1`).
    SortDescending,
}

/// The reorderings an array may have had where it is read (not ordered
/// against the read).
#[derive(Clone, Copy, Default)]
pub(super) struct Reorders {
    reversed: bool,
    sorted: bool,
    sorted_descending: bool,
}

impl Reorders {
    /// No reordering may have happened.
    pub(super) fn is_none(self) -> bool {
        !(self.reversed || self.sorted || self.sorted_descending)
    }

    pub(super) fn add(&mut self, r: Reorder) {
        match r {
            Reorder::Reverse => self.reversed = true,
            Reorder::Sort => self.sorted = true,
            Reorder::SortDescending => self.sorted_descending = true,
        }
    }

    /// Every order `slots` may be in: as written, then reversed, sorted and
    /// sorted then reversed when those may have happened (a sort needs
    /// every position to be one string; a descending sort is the sorted
    /// order reversed).
    pub(super) fn orders(self, slots: Slots) -> Vec<Slots> {
        let mut all = Vec::new();
        if self.sorted || self.sorted_descending {
            if let Some(s) = sorted(&slots) {
                if self.reversed || self.sorted_descending {
                    all.push(reversed(s.clone()));
                }
                if self.sorted {
                    all.push(s);
                }
            }
        }
        if self.reversed {
            all.push(reversed(slots.clone()));
        }
        all.insert(0, slots);
        all
    }
}

/// The order `sort(…)` / `toSorted(…)` with these arguments puts strings
/// in: the default (no argument), or a comparison function of two plain
/// parameters that is one conditional on `<`, `<=`, `>` or `>=` between
/// them choosing a negative and a positive number (`(a, b) => a < b ? 1 :
/// -1`); anything else (`localeCompare`, lengths, a named function) is
/// not known.
pub(super) fn sort_order(args: &[Argument<'_>]) -> Option<Reorder> {
    match args {
        [] => Some(Reorder::Sort),
        [f] => comparison_order(f.as_expression()?),
        _ => None,
    }
}

/// The order a comparison function sorts strings in (see [`sort_order`]).
fn comparison_order(f: &Expression<'_>) -> Option<Reorder> {
    let (params, body) = params_and_result(f)?;
    let [first, second] = params.items.as_slice() else {
        return None;
    };
    let name = |p: &FormalParameter<'_>| match (&p.pattern, &p.initializer) {
        (BindingPattern::BindingIdentifier(b), None) => Some(b.name.as_str().to_string()),
        _ => None,
    };
    let (first, second) = (name(first)?, name(second)?);
    let Expression::ConditionalExpression(c) = body?.get_inner_expression() else {
        return None;
    };
    let Expression::BinaryExpression(t) = c.test.get_inner_expression() else {
        return None;
    };
    let operand = |e: &Expression<'_>| match e.get_inner_expression() {
        Expression::Identifier(id) => Some(id.name.as_str().to_string()),
        _ => None,
    };
    let (left, right) = (operand(&t.left)?, operand(&t.right)?);
    let in_order = match (left == first && right == second, left == second && right == first) {
        (true, _) => true,
        (_, true) => false,
        _ => return None,
    };
    // Is the test "the first parameter is less than the second"?
    let first_less = match t.operator {
        BinaryOperator::LessThan | BinaryOperator::LessEqualThan => in_order,
        BinaryOperator::GreaterThan | BinaryOperator::GreaterEqualThan => !in_order,
        _ => return None,
    };
    let (yes, no) = (sign(&c.consequent)?, sign(&c.alternate)?);
    if yes == no {
        return None;
    }
    // Ascending: the first before the second (negative) when it is less.
    let ascending = first_less == (yes == Sign::Negative);
    Some(if ascending {
        Reorder::Sort
    } else {
        Reorder::SortDescending
    })
}

/// The sign of a nonzero number literal (`1`, `-1`, `+1`).
#[derive(PartialEq, Eq)]
enum Sign {
    Negative,
    Positive,
}

fn sign(e: &Expression<'_>) -> Option<Sign> {
    let (negated, n) = match e.get_inner_expression() {
        Expression::NumericLiteral(n) => (false, n.value),
        Expression::UnaryExpression(u) => match (u.operator, u.argument.get_inner_expression()) {
            (UnaryOperator::UnaryNegation, Expression::NumericLiteral(n)) => (true, n.value),
            (UnaryOperator::UnaryPlus, Expression::NumericLiteral(n)) => (false, n.value),
            _ => return None,
        },
        _ => return None,
    };
    match (n > 0.0, negated) {
        _ if n == 0.0 || n.is_nan() => None,
        (true, false) => Some(Sign::Positive),
        (true, true) => Some(Sign::Negative),
        (false, _) => None,
    }
}

/// The positions in reverse order.
pub(super) fn reversed(mut slots: Slots) -> Slots {
    slots.reverse();
    slots
}

/// The positions in the default order of `sort()` (by UTF-16 code units;
/// each position must be one string).
pub(super) fn sorted(slots: &Slots) -> Option<Slots> {
    let mut one: Vec<&String> = Vec::with_capacity(slots.len());
    for s in slots {
        match s.as_deref() {
            Some([v]) => one.push(v),
            _ => return None,
        }
    }
    one.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    Some(one.into_iter().map(|v| Some(vec![v.clone()])).collect())
}
