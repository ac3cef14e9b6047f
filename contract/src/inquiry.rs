//! 询价单: a shopper asks factories for a quote from the 进货单 or a product
//! page, with no account. One submission becomes one inquiry per factory,
//! followed through one private link; the factory answers from its console.
//! Times are Unix seconds; dates are `YYYY-MM-DD`; money is in fen.

use serde::{Deserialize, Serialize};

/// Lines one submission may ask about.
pub const MAX_INQUIRY_LINES: usize = 100;
/// Characters of a line's note, a quote's note.
pub const MAX_NOTE_CHARS: usize = 500;
/// Characters of the buyer's message, a reply.
pub const MAX_MESSAGE_CHARS: usize = 2000;
/// Characters of a name, a company, a city.
pub const MAX_NAME_CHARS: usize = 100;

/// `POST /api/v1/inquiries`, sent with an `Idempotency-Key` header.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewInquiry {
    pub lines: Vec<AskedLine>,
    pub buyer: Buyer,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<ShipTo>,
    /// When the goods are needed, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needed_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// A form field people never see: filled, the submission is taken for a bot's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// One product asked about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AskedLine {
    pub product: String,
    pub quantity: u32,
    /// The unit price the buyer hopes for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_price_fen: Option<u32>,
    /// Spec, colour, customization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Who asks, and at least one way back: a mobile number, a WeChat id or an email.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Buyer {
    pub name: String,
    /// A mainland mobile number, 11 digits from 1 (`+86` allowed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wechat: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
}

/// Where the goods go.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ShipTo {
    /// The city, as the buyer writes it (深圳, Shenzhen).
    pub city: String,
}

/// 201 to `POST /api/v1/inquiries` (and the same again for the same `Idempotency-Key`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InquiriesSent {
    /// The buyer's private link is the storefront's `/inquiry#{token}`; it is shown once, here.
    pub token: String,
    pub inquiries: Vec<SentInquiry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SentInquiry {
    pub id: String,
    /// The supplier's id.
    pub supplier: String,
    /// What the buyer and the factory call it (`BM-7K3QX9`).
    pub reference: String,
}

/// Where an inquiry stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InquiryStatus {
    /// Sent; no quote yet.
    New,
    /// The factory quoted (or wrote back).
    Answered,
    /// The buyer accepted a quote.
    Accepted,
    /// The buyer declined a quote.
    Declined,
    /// The factory closed it.
    Closed,
    /// The factory marked it as spam: the buyer is told nothing.
    Spam,
    /// The buyer withdrew it; their contact details are gone.
    Withdrawn,
}

impl InquiryStatus {
    pub const ALL: [InquiryStatus; 7] = [
        InquiryStatus::New,
        InquiryStatus::Answered,
        InquiryStatus::Accepted,
        InquiryStatus::Declined,
        InquiryStatus::Closed,
        InquiryStatus::Spam,
        InquiryStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InquiryStatus::New => "new",
            InquiryStatus::Answered => "answered",
            InquiryStatus::Accepted => "accepted",
            InquiryStatus::Declined => "declined",
            InquiryStatus::Closed => "closed",
            InquiryStatus::Spam => "spam",
            InquiryStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<InquiryStatus> {
        InquiryStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the thread still takes quotes and replies.
    pub fn is_open(self) -> bool {
        matches!(self, InquiryStatus::New | InquiryStatus::Answered)
    }
}

/// One inquiry, to one factory: the buyer's view (`GET /api/v1/inquiries/{token}`)
/// and the console's (with `buyer`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inquiry {
    pub id: String,
    pub reference: String,
    pub supplier: InquirySupplier,
    pub status: InquiryStatus,
    pub created_at: i64,
    pub lines: Vec<InquiryLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<ShipTo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needed_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Quotes, messages and answers, oldest first.
    pub thread: Vec<ThreadEntry>,
    /// The buyer's contact, in the console only (absent once withdrawn or expired).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<Buyer>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InquirySupplier {
    pub id: String,
    pub name: String,
}

/// A line as it was asked: the product's title, unit, MOQ and tier price at
/// the asked quantity as they were when the buyer sent it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InquiryLine {
    pub product: String,
    pub title: String,
    pub unit: String,
    pub quantity: u32,
    pub moq: u32,
    /// The catalog's unit price at `quantity` (the first tier's below the MOQ).
    pub tier_price_fen: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_price_fen: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl InquiryLine {
    /// Fewer than the factory's minimum: a sample or a mixed batch.
    pub fn below_moq(&self) -> bool {
        self.quantity < self.moq
    }
}

/// Who wrote an entry of the thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Buyer,
    Factory,
}

/// One entry of an inquiry's thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadEntry {
    pub at: i64,
    pub from: Party,
    pub kind: EntryKind,
    /// A message's words; a decline's reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// With a buyer's message: the prices they would pay (a counter-offer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counter: Vec<CounterLine>,
    /// A `quote` entry's quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Quote>,
    /// The quote an `accepted` or `declined` entry answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_number: Option<u32>,
}

/// What an entry of the thread is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Message,
    Quote,
    Accepted,
    Declined,
    Withdrawn,
}

impl EntryKind {
    pub const ALL: [EntryKind; 5] = [
        EntryKind::Message,
        EntryKind::Quote,
        EntryKind::Accepted,
        EntryKind::Declined,
        EntryKind::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Message => "message",
            EntryKind::Quote => "quote",
            EntryKind::Accepted => "accepted",
            EntryKind::Declined => "declined",
            EntryKind::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// A factory's quote: `POST /api/v1/console/inquiries/{id}/quote`, and as
/// the thread shows it (with its number).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// 1 for an inquiry's first quote, then 2, …; set by the server.
    #[serde(default)]
    pub number: u32,
    pub lines: Vec<QuoteLine>,
    /// `YYYY-MM-DD`: the last day the prices hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuoteLine {
    pub product: String,
    pub quantity: u32,
    pub unit_price_fen: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_time_days: Option<u32>,
}

/// A price the buyer would pay for a line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CounterLine {
    pub product: String,
    pub quantity: u32,
    pub unit_price_fen: u32,
}

/// `GET /api/v1/inquiries/{token}`: everything one submission became.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuyerInquiries {
    pub inquiries: Vec<Inquiry>,
}

/// `POST /api/v1/inquiries/{token}/{id}`: what the buyer does with one inquiry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum BuyerAction {
    Reply {
        text: String,
        #[serde(default)]
        counter: Vec<CounterLine>,
    },
    Accept {
        quote: u32,
    },
    Decline {
        quote: u32,
        #[serde(default)]
        text: Option<String>,
    },
    /// Ends the inquiry and deletes the buyer's contact details from it.
    Withdraw,
}

/// `POST /api/v1/console/inquiries/{id}/messages`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FactoryMessage {
    pub text: String,
}

/// `GET /api/v1/console/inquiries`: a factory's inbox (an owner's: every factory's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inbox {
    /// Newest activity first.
    pub items: Vec<InboxItem>,
    /// Inquiries with something the factory has not opened, whatever the filter.
    pub unread: u32,
    /// How many are in each status, whatever the filter.
    pub counts: Vec<StatusCount>,
    /// Whether `page` + 1 has more.
    pub more: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCount {
    pub status: InquiryStatus,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxItem {
    pub id: String,
    pub reference: String,
    pub supplier: String,
    pub status: InquiryStatus,
    /// The buyer's name (empty once withdrawn).
    pub buyer: String,
    /// The first line's title, and how many lines there are.
    pub title: String,
    pub lines: u32,
    pub created_at: i64,
    pub updated_at: i64,
    /// Something from the buyer the factory has not opened.
    pub unread: bool,
}
