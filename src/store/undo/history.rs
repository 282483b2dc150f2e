//! The session's undo history, for Ctrl+Z and the undo toast.

use std::collections::VecDeque;

use super::Undo;

/// The last actions of a session, newest last, for Ctrl+Z and the undo
/// toast. Holds at most `limit` actions; older ones are forgotten.
#[derive(Debug)]
pub struct UndoHistory {
    entries: VecDeque<Undo>,
    limit: usize,
}

impl Default for UndoHistory {
    fn default() -> Self {
        Self::with_limit(Self::DEFAULT_LIMIT)
    }
}

impl UndoHistory {
    /// How many actions a session can take back by default.
    pub const DEFAULT_LIMIT: usize = 20;

    pub fn with_limit(limit: usize) -> Self {
        Self {
            entries: VecDeque::with_capacity(limit.min(64)),
            limit,
        }
    }

    /// Remembers an action; forgets the oldest beyond the limit.
    pub fn push(&mut self, undo: Undo) {
        if self.limit == 0 {
            return;
        }
        if self.entries.len() == self.limit {
            self.entries.pop_front();
        }
        self.entries.push_back(undo);
    }

    /// The newest action, to undo it.
    pub fn pop(&mut self) -> Option<Undo> {
        self.entries.pop_back()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}
