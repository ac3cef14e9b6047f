//! 询价单 (docs/inquiries.md): a shopper, with no account, asks factories
//! for a quote; one submission becomes one inquiry per factory, followed by
//! the buyer through one private link, and answered by each factory from its
//! console. The buyer's contact details are kept only on the inquiries sent
//! to the factories addressed, and deleted on withdrawal or after the
//! retention period.

pub mod check;
mod contact;
pub mod ids;
pub mod inbox;
pub mod notices;
mod problems;
pub mod record;
pub mod send;
mod service;
mod stored;
pub mod thread;

pub use service::Inquiries;
pub use stored::Viewer;
