#pragma once

// lf::Result<T>: a value or an lf::Error. Its API is a strict subset of
// C++23 std::expected (has_value, value, error, *, ->, explicit bool), so that
// moving to C++23 means turning it into an alias.
// Thread-safety: plain values.

#include <cassert>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include <lightflow/base/error.hpp>

namespace lf {

/// Wraps an Error so that `return fail(...)` converts into any Result<T>.
struct Unexpected {
  Error error;

  /// `return fail(Code::not_found, "run " + id).about(Subject::run, id);`
  Unexpected about(Subject kind, std::string_view id) && {
    error.about(kind, id);
    return std::move(*this);
  }

  /// `return fail(Code::io_error, "manifest.json: …").with_detail(path + ": …");`
  Unexpected with_detail(std::string text) && {
    error.with_detail(std::move(text));
    return std::move(*this);
  }
};

/// Builds the failure half of a Result.
inline Unexpected fail(Code code, std::string message) {
  return Unexpected{Error{code, std::move(message)}};
}

inline Unexpected fail(Error error) {
  return Unexpected{std::move(error)};
}

/// The usual failures about one run, step or asset, each with its subject set:
/// not_found "run <id>", not_found "run step <id>", not_found "asset <id>".
inline Unexpected run_not_found(std::string_view run_id) {
  return fail(Code::not_found, "run " + std::string(run_id)).about(Subject::run, run_id);
}

/// already_exists "run <id> already exists", about the run.
inline Unexpected run_already_exists(std::string_view run_id) {
  return fail(Code::already_exists, "run " + std::string(run_id) + " already exists")
      .about(Subject::run, run_id);
}

inline Unexpected step_not_found(std::string_view step_id) {
  return fail(Code::not_found, "run step " + std::string(step_id)).about(Subject::step, step_id);
}

inline Unexpected asset_not_found(std::string_view asset_id) {
  return fail(Code::not_found, "asset " + std::string(asset_id)).about(Subject::asset, asset_id);
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit

  Result(Unexpected failure)  // NOLINT: implicit by design
      : state_(std::in_place_index<1>, std::move(failure.error)) {}

  bool has_value() const noexcept { return state_.index() == 0; }

  explicit operator bool() const noexcept { return has_value(); }

  /// REQUIRES: has_value().
  T& value() & {
    assert(has_value());
    return std::get<0>(state_);
  }

  const T& value() const& {
    assert(has_value());
    return std::get<0>(state_);
  }

  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(state_));
  }

  /// REQUIRES: !has_value().
  const Error& error() const& {
    assert(!has_value());
    return std::get<1>(state_);
  }

  Error&& error() && {
    assert(!has_value());
    return std::get<1>(std::move(state_));
  }

  T& operator*() & { return value(); }

  const T& operator*() const& { return value(); }

  T&& operator*() && { return std::move(*this).value(); }

  T* operator->() { return &value(); }

  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> state_;
};

/// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;

  Result(Unexpected failure) : error_(std::move(failure.error)), failed_(true) {}  // NOLINT

  bool has_value() const noexcept { return !failed_; }

  explicit operator bool() const noexcept { return has_value(); }

  void value() const { assert(has_value()); }

  const Error& error() const& {
    assert(!has_value());
    return error_;
  }

  Error&& error() && {
    assert(!has_value());
    return std::move(error_);
  }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace lf
