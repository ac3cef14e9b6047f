//! Rust values from what the browser's `JSON.parse` made: a serde
//! deserializer over a `JsValue`, for the shapes JSON has (null, booleans,
//! numbers, strings, arrays, objects).
//!
//! Ours rather than serde-wasm-bindgen's: its errors describe an unexpected
//! number by printing it, and that alone brings Rust's float formatting into
//! the WASM, about 6 KB brotli of each build's first load (docs/perf.md).
//! Ours say "a number".

use js_sys::{Array, JsString, Object};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use wasm_bindgen::{JsCast, JsValue};

/// `value` as a `T`, or why it is not one.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, Error> {
    T::deserialize(Value(value))
}

/// Why a value is not the type asked for, in words.
#[derive(Debug)]
pub struct Error(std::borrow::Cow<'static, str>);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// In developers' builds, the message says what was expected. Release builds
/// say only what was found: every type's "expected …" is code of its own,
/// kept for words that no shopper sees (the storefront says "invalid answer").
impl de::Error for Error {
    #[cfg(debug_assertions)]
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        Error(message.to_string().into())
    }

    #[cfg(not(debug_assertions))]
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Error("not the answer's shape".into())
    }

    fn invalid_type(found: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Error::unexpected(&found, expected)
    }

    fn invalid_value(found: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Error::unexpected(&found, expected)
    }
}

impl Error {
    #[cfg(debug_assertions)]
    fn unexpected(found: &de::Unexpected, expected: &dyn de::Expected) -> Error {
        Error(format!("found {}, expected {expected}", kind(found)).into())
    }

    #[cfg(not(debug_assertions))]
    fn unexpected(found: &de::Unexpected, _: &dyn de::Expected) -> Error {
        Error(kind(found).into())
    }
}

/// What a value was, without printing it (serde's own `Display` would print a float).
fn kind(found: &de::Unexpected) -> &'static str {
    use de::Unexpected::*;
    match found {
        Bool(_) => "a boolean",
        Unsigned(_) | Signed(_) | Float(_) => "a number",
        Char(_) | Str(_) => "a string",
        Unit | Option => "null",
        Seq => "an array",
        Map => "an object",
        _ => "another kind of value",
    }
}

struct Value(JsValue);

impl Value {
    /// The error for a value that is not what `expected` wants; not generic,
    /// so there is one copy of it (each typed method below is one per type).
    fn wrong(&self, expected: &dyn de::Expected) -> Error {
        let value = &self.0;
        let found = if value.is_null() || value.is_undefined() {
            de::Unexpected::Unit
        } else if let Some(flag) = value.as_bool() {
            de::Unexpected::Bool(flag)
        } else if value.as_f64().is_some() {
            de::Unexpected::Float(0.0)
        } else if value.is_string() {
            de::Unexpected::Str("")
        } else if Array::is_array(value) {
            de::Unexpected::Seq
        } else {
            de::Unexpected::Map
        };
        de::Error::invalid_type(found, expected)
    }
}

/// One method per kind a type asks for, so that the code for each type has
/// only the way of reading its own kind (a generic `deserialize_any` would be
/// copied whole for every type that is decoded).
macro_rules! numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.0.as_f64() {
                Some(number) => visit_number(number, visitor),
                None => Err(self.wrong(&visitor)),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = &self.0;
        if value.is_null() || value.is_undefined() {
            visitor.visit_unit()
        } else if let Some(flag) = value.as_bool() {
            visitor.visit_bool(flag)
        } else if let Some(number) = value.as_f64() {
            visit_number(number, visitor)
        } else if value.is_string() {
            self.deserialize_string(visitor)
        } else if Array::is_array(value) {
            self.deserialize_seq(visitor)
        } else {
            self.deserialize_map(visitor)
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_bool() {
            Some(flag) => visitor.visit_bool(flag),
            None => Err(self.wrong(&visitor)),
        }
    }

    numbers! { deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8
    deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64 }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_string() {
            Some(text) => visitor.visit_string(text),
            None => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match Array::is_array(&self.0) {
            true => visitor.visit_seq(Items {
                array: self.0.unchecked_into(),
                next: 0,
            }),
            false => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.is_object() && !Array::is_array(&self.0) {
            true => visitor.visit_map(Fields {
                entries: Object::entries(self.0.unchecked_ref()),
                next: 0,
                value: None,
            }),
            false => Err(self.wrong(&visitor)),
        }
    }

    /// Reads the fields the type has, by name: fewer calls into the browser
    /// than listing the object's entries, and other fields are not read at all.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0.is_object() && !Array::is_array(&self.0) {
            true => visitor.visit_map(Named {
                object: self.0,
                names: fields.iter(),
                value: None,
            }),
            false => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.is_null() || self.0.is_undefined() {
            true => visitor.visit_none(),
            false => visitor.visit_some(self),
        }
    }

    /// A unit variant, which JSON spells as a string.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0.as_string() {
            Some(variant) => visitor.visit_enum(variant.into_deserializer()),
            None => Err(self.wrong(&visitor)),
        }
    }

    /// A field the type does not have: not walked.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str bytes byte_buf unit unit_struct newtype_struct
        tuple_struct identifier
    }
}

/// An array's items, in order.
struct Items {
    array: Array,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.next >= self.array.length() {
            return Ok(None);
        }
        let item = self.array.get(self.next);
        self.next += 1;
        seed.deserialize(Value(item)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.array.length() - self.next) as usize)
    }
}

/// An object's fields: `[name, value]` pairs from `Object.entries`.
struct Fields {
    entries: Array,
    next: u32,
    /// The value of the field whose name was just read.
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.next >= self.entries.length() {
            return Ok(None);
        }
        let pair = Array::from(&self.entries.get(self.next));
        self.next += 1;
        self.value = Some(pair.get(1));
        let name = String::from(pair.get(0).unchecked_into::<JsString>());
        seed.deserialize(name.into_deserializer()).map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        value_of_field(&mut self.value, seed)
    }
}

/// A struct's fields, read by their names; those the object lacks are left
/// to the type (a default, `None`, or an error naming them).
struct Named {
    object: JsValue,
    names: std::slice::Iter<'static, &'static str>,
    /// The value of the field whose name was just read.
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Named {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        for &name in self.names.by_ref() {
            let value = js_sys::Reflect::get(&self.object, &JsValue::from_str(name))
                .unwrap_or(JsValue::UNDEFINED);
            if !value.is_undefined() {
                self.value = Some(value);
                return seed.deserialize(name.into_deserializer()).map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        value_of_field(&mut self.value, seed)
    }
}

/// The value of the field whose name a map access has just read.
fn value_of_field<'de, T: DeserializeSeed<'de>>(
    value: &mut Option<JsValue>,
    seed: T,
) -> Result<T::Value, Error> {
    seed.deserialize(Value(value.take().unwrap_or(JsValue::UNDEFINED)))
}

/// A whole number as an integer (so `u32` fields take it), others as a float.
fn visit_number<'de, V: Visitor<'de>>(number: f64, visitor: V) -> Result<V::Value, Error> {
    /// 2^53: past it a JavaScript number no longer holds every integer.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    let whole = number.fract() == 0.0 && number.abs() <= EXACT;
    match whole {
        true if number >= 0.0 => visitor.visit_u64(number as u64),
        true => visitor.visit_i64(number as i64),
        false => visitor.visit_f64(number),
    }
}
