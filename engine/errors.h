#pragma once
// Typed errors of the engine. Every message names the file or parameter and the reason;
// they are caught at the boundary (CLI: exit code, GUI: status message).
#include <stdexcept>
#include <string>

namespace engine {

// Base of every error the engine throws on purpose.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Impossible or unknown parameter values (CLI exit code 2).
class ParamError : public Error {
public:
    using Error::Error;
};

// An input file (image, weights) cannot be read or is invalid (CLI exit code 3).
class InputError : public Error {
public:
    using Error::Error;
};

// An output cannot be written; nothing half-written is left behind (CLI exit code 4).
class OutputError : public Error {
public:
    using Error::Error;
};

// The request needs more memory than the machine or GPU has.
class ResourceError : public Error {
public:
    using Error::Error;
};

}  // namespace engine
