#pragma once

// lf::Result<T>: a value or an lf::Error. Its API is a strict subset of
// C++23 std::expected (has_value, value, error, *, ->, explicit bool), so that
// moving to C++23 means turning it into an alias.
// Thread-safety: plain values.

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include <lightflow/base/error.hpp>

namespace lf {

/// Wraps an Error so that `return fail(...)` converts into any Result<T>.
struct Unexpected {
  Error error;
};

/// Builds the failure half of a Result.
inline Unexpected fail(Code code, std::string message) {
  return Unexpected{Error{code, std::move(message)}};
}

inline Unexpected fail(Error error) {
  return Unexpected{std::move(error)};
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
