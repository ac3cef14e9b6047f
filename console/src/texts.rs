//! The console's words, in Chinese (the default) and English.

use leptos::prelude::*;

use crate::inquiry_texts::{self, InquiryTexts};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

/// Where the chosen language is remembered.
const STORED: &str = "beltmart-console-lang";

impl Lang {
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    /// As `Accept-Language` names it: the API answers an upload's problems in it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The language remembered, else the browser's (Chinese unless it prefers English).
pub fn provide_lang() -> RwSignal<Lang> {
    let stored = storage().and_then(|s| s.get_item(STORED).ok().flatten());
    let browser = window().navigator().language().unwrap_or_default();
    let lang = match stored.as_deref().unwrap_or(&browser) {
        tag if tag.starts_with("en") => Lang::En,
        _ => Lang::Zh,
    };
    let lang = RwSignal::new(lang);
    provide_context(lang);
    lang
}

pub fn use_texts() -> impl Fn() -> &'static Texts + Copy {
    let lang = expect_context::<RwSignal<Lang>>();
    move || lang.get().texts()
}

/// Switches to the other language, and remembers it.
pub fn switch_lang() {
    let lang = expect_context::<RwSignal<Lang>>();
    let next = lang.get_untracked().other();
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORED, if next == Lang::En { "en" } else { "zh" });
    }
    lang.set(next);
}

impl Texts {
    /// An audit log action in words; an action this console does not know, as its code.
    pub fn action(&self, code: &str) -> String {
        let known = self.actions.iter().find(|(c, _)| *c == code);
        known.map_or_else(|| code.to_owned(), |(_, words)| (*words).to_owned())
    }
}

/// Fills `{name}` placeholders.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(text.to_owned(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

pub struct Texts {
    pub inquiries: &'static InquiryTexts,
    /// The audit log's actions (their codes, as the API names them), in words.
    pub actions: &'static [(&'static str, &'static str)],
    pub title: &'static str,
    pub other_lang: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub sign_in_title: &'static str,
    pub sign_out: &'static str,
    pub sign_out_everywhere: &'static str,
    pub working: &'static str,
    pub setup_title: &'static str,
    pub setup_hint: &'static str,
    pub new_password: &'static str,
    pub set_password: &'static str,
    pub nav_catalog: &'static str,
    pub nav_profile: &'static str,
    pub nav_people: &'static str,
    pub nav_audit: &'static str,
    pub role_owner: &'static str,
    pub role_factory: &'static str,
    pub upload_title: &'static str,
    pub upload_hint: &'static str,
    pub upload_file: &'static str,
    pub download: &'static str,
    pub mode_upsert: &'static str,
    pub mode_replace: &'static str,
    pub check: &'static str,
    pub commit: &'static str,
    pub choose_file_first: &'static str,
    pub report_ok: &'static str,
    pub report_bad: &'static str,
    pub report_committed: &'static str,
    pub report_dry: &'static str,
    pub report_more: &'static str,
    pub col_place: &'static str,
    pub col_field: &'static str,
    pub col_problem: &'static str,
    pub profile_title: &'static str,
    pub profile_hint: &'static str,
    pub supplier_id: &'static str,
    pub load: &'static str,
    pub name: &'static str,
    pub founded: &'static str,
    pub staff: &'static str,
    pub workshop_m2: &'static str,
    pub annual_capacity: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub people_title: &'static str,
    pub invite_title: &'static str,
    pub supplier: &'static str,
    pub invite: &'static str,
    pub link_to_pass: &'static str,
    pub status_invited: &'static str,
    pub status_active: &'static str,
    pub status_disabled: &'static str,
    pub sessions: &'static str,
    pub disable: &'static str,
    pub enable: &'static str,
    pub reset: &'static str,
    pub audit_title: &'static str,
    pub col_when: &'static str,
    pub col_who: &'static str,
    pub col_what: &'static str,
    pub col_subject: &'static str,
    pub col_detail: &'static str,
    pub older: &'static str,
    pub error_wrong_credentials: &'static str,
    pub error_too_many: &'static str,
    pub error_invalid_link: &'static str,
    pub error_weak_password: &'static str,
    pub error_signed_out: &'static str,
    pub error_owner_only: &'static str,
    pub error_invalid_change: &'static str,
    pub error_too_large: &'static str,
    pub error_not_found: &'static str,
    pub error_unreachable: &'static str,
    pub error_busy: &'static str,
    pub error_other: &'static str,
}

pub const ZH: Texts = Texts {
    inquiries: &inquiry_texts::ZH,
    actions: &[
        ("signed_in", "登录"),
        ("sign_in_failed", "登录失败"),
        ("signed_out", "退出"),
        ("signed_out_everywhere", "退出所有设备"),
        ("password_set", "设置密码"),
        ("account_added", "添加账号"),
        ("account_disabled", "停用账号"),
        ("account_enabled", "启用账号"),
        ("account_reset", "重置密码"),
        ("catalog_checked", "检查商品表"),
        ("catalog_imported", "发布商品表"),
        ("profile_changed", "修改工厂资料"),
    ],
    title: "Beltmart 后台",
    other_lang: "English",
    email: "邮箱",
    password: "密码",
    sign_in: "登录",
    sign_in_title: "登录后台",
    sign_out: "退出",
    sign_out_everywhere: "退出所有设备",
    working: "处理中…",
    setup_title: "设置密码",
    setup_hint: "至少 10 个字符；不要用常见密码，也不要用邮箱。",
    new_password: "新密码",
    set_password: "设置密码并登录",
    nav_catalog: "商品",
    nav_profile: "工厂资料",
    nav_people: "人员",
    nav_audit: "操作记录",
    role_owner: "站长",
    role_factory: "工厂",
    upload_title: "上传商品表",
    upload_hint: "CSV（Excel 另存的 UTF-8 或 GBK 都可以）或 JSON Lines；\
        带图片时，把商品表和图片一起压缩成一个 zip，\
        表里的图片列写图片在 zip 里相对商品表的路径（如 图片/鞋1.jpg）。\
        先检查，没有问题再发布。",
    upload_file: "商品文件",
    download: "下载当前商品表（CSV，可用 Excel 编辑后再上传）",
    mode_upsert: "新增和更新（表里没有的商品保留）",
    mode_replace: "整体替换（表里没有的商品下架）",
    check: "检查",
    commit: "发布",
    choose_file_first: "请先选择文件。",
    report_ok: "{rows} 行全部有效：新增 {added}，更新 {updated}\
        ，下架 {removed}；之后共 {total} 个商品。",
    report_bad: "{bad} 行有问题（共 {rows} 行），什么都没有改\
        变。改好后再检查。",
    report_committed: "已发布（版本 {version}），几秒内在店铺里可见。",
    report_dry: "这只是检查，还没有发布。",
    report_more: "还有 {more} 个问题没有列出。",
    col_place: "位置",
    col_field: "字段",
    col_problem: "问题",
    profile_title: "工厂资料",
    profile_hint: "工厂自己填写的信息会标注为“工厂自述”；\
        验厂和证书由站长填写。",
    supplier_id: "工厂编号",
    load: "打开",
    name: "名称",
    founded: "成立年份",
    staff: "员工人数",
    workshop_m2: "厂房面积（平方米）",
    annual_capacity: "年产能",
    save: "保存",
    saved: "已保存，店铺里已经更新。",
    people_title: "人员",
    invite_title: "邀请",
    supplier: "工厂编号",
    invite: "邀请",
    link_to_pass: "把这个链接发给对方（只能用一次，24 小时内有效）：",
    status_invited: "已邀请",
    status_active: "正常",
    status_disabled: "已停用",
    sessions: "登录中",
    disable: "停用",
    enable: "启用",
    reset: "重置密码",
    audit_title: "操作记录",
    col_when: "时间",
    col_who: "谁",
    col_what: "做了什么",
    col_subject: "对象",
    col_detail: "详情",
    older: "更早的记录",
    error_wrong_credentials: "邮箱或密码不对。",
    error_too_many: "失败次数太多，请稍后再试。",
    error_invalid_link: "这个链接已经用过、被替换或已过期，请向站\
        长要一个新的。",
    error_weak_password: "这个密码不能用：",
    error_signed_out: "登录已失效，请重新登录。",
    error_owner_only: "只有站长可以修改：",
    error_invalid_change: "这个修改不符合规则：",
    error_too_large: "文件太大：",
    error_not_found: "没有找到。",
    error_unreachable: "连不上服务器，请检查网络后重试。",
    error_busy: "服务器正忙，请稍后重试。",
    error_other: "出错了：",
};

pub const EN: Texts = Texts {
    inquiries: &inquiry_texts::EN,
    actions: &[
        ("signed_in", "signed in"),
        ("sign_in_failed", "sign-in failed"),
        ("signed_out", "signed out"),
        ("signed_out_everywhere", "signed out everywhere"),
        ("password_set", "set the password"),
        ("account_added", "added an account"),
        ("account_disabled", "disabled an account"),
        ("account_enabled", "enabled an account"),
        ("account_reset", "reset a password"),
        ("catalog_checked", "checked products"),
        ("catalog_imported", "published products"),
        ("profile_changed", "changed a profile"),
    ],
    title: "Beltmart console",
    other_lang: "中文",
    email: "Email",
    password: "Password",
    sign_in: "Sign in",
    sign_in_title: "Sign in to the console",
    sign_out: "Sign out",
    sign_out_everywhere: "Sign out everywhere",
    working: "Working…",
    setup_title: "Set your password",
    setup_hint: "At least 10 characters; not a common password, and not your email.",
    new_password: "New password",
    set_password: "Set the password and sign in",
    nav_catalog: "Products",
    nav_profile: "Factory profile",
    nav_people: "People",
    nav_audit: "Audit log",
    role_owner: "Owner",
    role_factory: "Factory",
    upload_title: "Upload products",
    upload_hint: "CSV (as Excel saves it, UTF-8 or GBK) or JSON Lines. With pictures: zip the \
        file together with them, and name each picture in the images column by its path \
        beside the file (photos/shoe-1.jpg). Check first, then publish.",
    upload_file: "Products file",
    download: "Download the current products (CSV, to edit in Excel and upload again)",
    mode_upsert: "Add and update (products not in the file stay)",
    mode_replace: "Replace (products not in the file are removed)",
    check: "Check",
    commit: "Publish",
    choose_file_first: "Choose a file first.",
    report_ok: "All {rows} rows are valid: {added} added, {updated} updated, \
        {removed} removed; {total} products afterwards.",
    report_bad: "{bad} of {rows} rows have problems; nothing was changed. Fix \
        them and check again.",
    report_committed: "Published (version {version}); shoppers see it within seconds.",
    report_dry: "This was a check: nothing is published yet.",
    report_more: "{more} more problems are not listed.",
    col_place: "Where",
    col_field: "Field",
    col_problem: "Problem",
    profile_title: "Factory profile",
    profile_hint: "What a factory states is marked as its own statement; audits \
        and certificates are the owner's to set.",
    supplier_id: "Supplier id",
    load: "Open",
    name: "Name",
    founded: "Founded",
    staff: "Staff",
    workshop_m2: "Workshop (m²)",
    annual_capacity: "Annual capacity",
    save: "Save",
    saved: "Saved; the shop shows it now.",
    people_title: "People",
    invite_title: "Invite",
    supplier: "Supplier id",
    invite: "Invite",
    link_to_pass: "Send them this link (it works once, for 24 hours):",
    status_invited: "invited",
    status_active: "active",
    status_disabled: "disabled",
    sessions: "signed in",
    disable: "Disable",
    enable: "Enable",
    reset: "Reset password",
    audit_title: "Audit log",
    col_when: "When",
    col_who: "Who",
    col_what: "What",
    col_subject: "Of",
    col_detail: "Detail",
    older: "Older entries",
    error_wrong_credentials: "The email or the password is wrong.",
    error_too_many: "Too many failed attempts; try again later.",
    error_invalid_link: "This link has been used, replaced or has expired; ask the owner \
        for a new one.",
    error_weak_password: "That password cannot be used: ",
    error_signed_out: "The session has ended; sign in again.",
    error_owner_only: "Only the site's owner may change this: ",
    error_invalid_change: "The change breaks a rule: ",
    error_too_large: "The file is too large: ",
    error_not_found: "Not found.",
    error_unreachable: "The server cannot be reached; check the network and retry.",
    error_busy: "The server is busy; retry in a moment.",
    error_other: "Something went wrong: ",
};
