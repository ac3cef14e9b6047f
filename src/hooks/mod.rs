//! Small reactive helpers over browser APIs, one per file, each cleaning up
//! after itself when its owner (a component) goes away.

mod use_body_class;
mod use_debounce;
mod use_document_title;
mod use_lasting;
mod use_media_query;
mod use_stored_signal;

pub use use_body_class::use_body_class;
pub use use_debounce::{Debounced, use_debounce};
pub use use_document_title::use_document_title;
pub use use_lasting::use_lasting;
pub use use_media_query::use_media_query;
pub use use_stored_signal::{Store, use_stored_signal};
