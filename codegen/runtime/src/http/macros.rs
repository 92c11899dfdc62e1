//! The methods every generated request builder shares, written once here instead of
//! once per operation in generated code.

/// The shared methods of a generated request builder `$name<'a>` whose call returns
/// `$output`: `timeout`, `max_response_bytes`, `send_value` and `IntoFuture` (awaiting
/// the builder calls its own `send()`). The builder has the fields `client` (whose
/// `service` sends) and `call`, and the method `request()`.
///
/// Given the operation's id and HTTP method as well, the builder also gets
/// `new_request(path)` (the `Request` its `request()` starts from); given the name of the
/// `Service` method that reads the answer (`json` or `json_checked`, called with
/// `$output`) after them, it also gets `send()`. Otherwise the builder writes `send()`.
#[macro_export]
macro_rules! request_builder {
    ($name:ident, $output:ty, $id:literal, $method:literal, $read:ident) => {
        $crate::request_builder!($name, $output, $id, $method);
        impl<'a> $name<'a> {
            /// Sends the request, retrying as the client's policy allows.
            pub fn send(
                self,
            ) -> $crate::http::BoxFuture<'a, ::core::result::Result<$output, $crate::http::Error>>
            {
                let request = self.request();
                self.client.service.$read::<$output>(request)
            }
        }
    };
    ($name:ident, $output:ty, $id:literal, $method:literal) => {
        $crate::request_builder!($name, $output);
        impl<'a> $name<'a> {
            /// The request of this call for `path`, before parameters and body are set.
            fn new_request(&self, path: ::std::string::String) -> $crate::http::Request {
                $crate::http::Request::new($id, $method, path, self.call.clone())
            }
        }
    };
    ($name:ident, $output:ty) => {
        impl<'a> $name<'a> {
            /// Sets this call's timeout (instead of the client's).
            pub fn timeout(mut self, timeout: ::core::time::Duration) -> Self {
                self.call.timeout = Some(timeout);
                self
            }
            /// Sets the largest answer body this call reads, in bytes (instead of the
            /// client's); a longer answer fails with `Error::TooLarge`.
            pub fn max_response_bytes(mut self, bytes: u64) -> Self {
                self.call.max_response_bytes = Some(bytes);
                self
            }
            /// Sends the request and returns the answer as JSON, without converting it
            /// into its type (an escape hatch for answers that stray from the description).
            pub fn send_value(
                self,
            ) -> $crate::http::BoxFuture<
                'a,
                ::core::result::Result<$crate::serde_json::Value, $crate::http::Error>,
            > {
                let request = self.request();
                self.client
                    .service
                    .json::<$crate::serde_json::Value>(request)
            }
        }
        impl<'a> ::core::future::IntoFuture for $name<'a> {
            type Output = ::core::result::Result<$output, $crate::http::Error>;
            type IntoFuture = $crate::http::BoxFuture<'a, Self::Output>;
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}
