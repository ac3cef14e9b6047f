//! An inquiry as the store keeps it, read back into what the buyer and the
//! console see.

use beltmart_contract::{
    Buyer, CounterLine, EntryKind, Inquiry, InquiryLine, InquiryStatus, InquirySupplier, Party,
    Quote, ShipTo, ThreadEntry,
};

use crate::store::inquiries_sql as sql;
use crate::store::records::{Arg, Cell, Cells, Sql};

/// Who reads an inquiry: the buyer by their link, or a factory (or the owner) in the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewer {
    Buyer,
    Console,
}

/// One row of `inquiries`.
#[derive(Clone, Debug)]
pub struct Stored {
    pub row: i64,
    pub id: String,
    pub reference: String,
    pub supplier: String,
    pub supplier_name: String,
    pub status: InquiryStatus,
    pub buyer: Option<Buyer>,
    pub ship_city: Option<String>,
    pub needed_by: Option<String>,
    pub message: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub buyer_seq: i64,
    pub read_seq: Option<i64>,
}

impl Stored {
    /// The inquiries a statement of `sql` (one of its `COLUMNS` queries) returns.
    pub fn all(sql: &mut dyn Sql, query: &str, args: &[Arg<'_>]) -> anyhow::Result<Vec<Stored>> {
        let rows = sql.rows(query, args)?;
        rows.into_iter()
            .map(|row| Stored::read(&mut Cells::of(row)))
            .collect()
    }

    pub fn by_id(sql: &mut dyn Sql, id: &str) -> anyhow::Result<Option<Stored>> {
        let mut found = Stored::all(sql, &sql::by_public_id(), &[Arg::Text(id)])?;
        Ok(found.pop())
    }

    fn read(cells: &mut Cells) -> anyhow::Result<Stored> {
        let mut next = || cells.take();
        let row = next()?.int()?;
        let id = next()?.text()?;
        let reference = next()?.text()?;
        let supplier = next()?.text()?;
        let supplier_name = next()?.text()?;
        let status = next()?.text()?;
        let status = InquiryStatus::parse(&status)
            .ok_or_else(|| anyhow::anyhow!("unknown inquiry status {status}"))?;
        let name = next()?.maybe_text()?;
        let phone = next()?.maybe_text()?;
        let wechat = next()?.maybe_text()?;
        let email = next()?.maybe_text()?;
        let company = next()?.maybe_text()?;
        let buyer = name.map(|name| Buyer {
            name,
            phone,
            wechat,
            email,
            company,
        });
        Ok(Stored {
            row,
            id,
            reference,
            supplier,
            supplier_name,
            status,
            buyer,
            ship_city: next()?.maybe_text()?,
            needed_by: next()?.maybe_text()?,
            message: next()?.maybe_text()?,
            created_at: next()?.int()?,
            updated_at: next()?.int()?,
            buyer_seq: next()?.int()?,
            read_seq: next()?.maybe_int()?,
        })
    }

    /// Whether the buyer added something the factory has not opened.
    pub fn unread(&self) -> bool {
        self.status != InquiryStatus::Spam && self.read_seq.is_none_or(|read| read < self.buyer_seq)
    }

    /// The whole inquiry: its lines and thread; the buyer's contact in the console only.
    pub fn inquiry(&self, sql: &mut dyn Sql, viewer: Viewer) -> anyhow::Result<Inquiry> {
        let lines = sql.rows(sql::LINES_OF, &[Arg::Int(self.row)])?;
        let lines = lines
            .into_iter()
            .map(|row| line(&mut Cells::of(row)))
            .collect::<anyhow::Result<_>>()?;
        let events = sql.rows(sql::EVENTS_OF, &[Arg::Int(self.row)])?;
        let thread = events
            .into_iter()
            .map(|row| entry(&mut Cells::of(row)))
            .collect::<anyhow::Result<_>>()?;
        Ok(Inquiry {
            id: self.id.clone(),
            reference: self.reference.clone(),
            supplier: InquirySupplier {
                id: self.supplier.clone(),
                name: self.supplier_name.clone(),
            },
            // A buyer is never told that a factory took them for spam.
            status: match (self.status, viewer) {
                (InquiryStatus::Spam, Viewer::Buyer) => InquiryStatus::New,
                (status, _) => status,
            },
            created_at: self.created_at,
            lines,
            ship_to: self.ship_city.clone().map(|city| ShipTo { city }),
            needed_by: self.needed_by.clone(),
            message: self.message.clone(),
            thread,
            buyer: self.buyer.clone().filter(|_| viewer == Viewer::Console),
        })
    }
}

fn count(cell: Cell) -> anyhow::Result<u32> {
    Ok(u32::try_from(cell.int()?)?)
}

fn line(cells: &mut Cells) -> anyhow::Result<InquiryLine> {
    let mut next = || cells.take();
    Ok(InquiryLine {
        product: next()?.text()?,
        title: next()?.text()?,
        unit: next()?.text()?,
        quantity: count(next()?)?,
        moq: count(next()?)?,
        tier_price_fen: count(next()?)?,
        target_price_fen: next()?.maybe_int()?.map(u32::try_from).transpose()?,
        note: next()?.maybe_text()?,
    })
}

fn entry(cells: &mut Cells) -> anyhow::Result<ThreadEntry> {
    let mut next = || cells.take();
    let at = next()?.int()?;
    let from = match next()?.text()?.as_str() {
        "buyer" => Party::Buyer,
        _ => Party::Factory,
    };
    let kind = next()?.text()?;
    let kind = EntryKind::parse(&kind).ok_or_else(|| anyhow::anyhow!("unknown entry {kind}"))?;
    let text = next()?.maybe_text()?;
    let detail = next()?.maybe_text()?;
    let quote_number = next()?.maybe_int()?.map(u32::try_from).transpose()?;
    let (quote, counter) = match (kind, detail) {
        (EntryKind::Quote, Some(json)) => (Some(serde_json::from_str::<Quote>(&json)?), vec![]),
        (EntryKind::Message, Some(json)) => {
            (None, serde_json::from_str::<Vec<CounterLine>>(&json)?)
        }
        _ => (None, vec![]),
    };
    Ok(ThreadEntry {
        at,
        from,
        kind,
        text,
        counter,
        quote,
        quote_number: quote_number.filter(|_| kind != EntryKind::Quote),
    })
}
