#include "storage/postgres/libpq.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <mutex>
#include <string>

#include "mtrack/util/error.hpp"

namespace mtrack::postgres {

namespace {

// Resolves `name` in `handle` into `slot`, remembering the first symbol that is missing.
template <typename F>
void resolve(void* handle, F& slot, const char* name, std::string& missing) {
  slot = reinterpret_cast<F>(::dlsym(handle, name));
  if (slot == nullptr && missing.empty()) missing = name;
}

Libpq load() {
  // The library's soname: what the libpq5 package installs (no -dev package needed).
  void* handle = ::dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = ::dlerror();
    throw Error(fmt::format(
        "a postgresql:// database needs libpq, PostgreSQL's client library, which "
        "cannot be loaded ({}); install the package libpq5",
        why != nullptr ? why : "libpq.so.5 not found"));
  }
  Libpq l{};
  std::string missing;
#define MTRACK_RESOLVE(member, symbol) resolve(handle, l.member, #symbol, missing)
  MTRACK_RESOLVE(connectdbParams, PQconnectdbParams);
  MTRACK_RESOLVE(conninfoParse, PQconninfoParse);
  MTRACK_RESOLVE(conninfoFree, PQconninfoFree);
  MTRACK_RESOLVE(finish, PQfinish);
  MTRACK_RESOLVE(status, PQstatus);
  MTRACK_RESOLVE(errorMessage, PQerrorMessage);
  MTRACK_RESOLVE(transactionStatus, PQtransactionStatus);
  MTRACK_RESOLVE(serverVersion, PQserverVersion);
  MTRACK_RESOLVE(user, PQuser);
  MTRACK_RESOLVE(parameterStatus, PQparameterStatus);
  MTRACK_RESOLVE(setNoticeProcessor, PQsetNoticeProcessor);
  MTRACK_RESOLVE(exec, PQexec);
  MTRACK_RESOLVE(execParams, PQexecParams);
  MTRACK_RESOLVE(prepare, PQprepare);
  MTRACK_RESOLVE(execPrepared, PQexecPrepared);
  MTRACK_RESOLVE(sendQueryPrepared, PQsendQueryPrepared);
  MTRACK_RESOLVE(getResult, PQgetResult);
  MTRACK_RESOLVE(enterPipelineMode, PQenterPipelineMode);
  MTRACK_RESOLVE(exitPipelineMode, PQexitPipelineMode);
  MTRACK_RESOLVE(pipelineSync, PQpipelineSync);
  MTRACK_RESOLVE(resultStatus, PQresultStatus);
  MTRACK_RESOLVE(resultErrorField, PQresultErrorField);
  MTRACK_RESOLVE(resultErrorMessage, PQresultErrorMessage);
  MTRACK_RESOLVE(ntuples, PQntuples);
  MTRACK_RESOLVE(nfields, PQnfields);
  MTRACK_RESOLVE(getvalue, PQgetvalue);
  MTRACK_RESOLVE(getlength, PQgetlength);
  MTRACK_RESOLVE(getisnull, PQgetisnull);
  MTRACK_RESOLVE(cmdTuples, PQcmdTuples);
  MTRACK_RESOLVE(clear, PQclear);
  MTRACK_RESOLVE(freemem, PQfreemem);
  MTRACK_RESOLVE(unescapeBytea, PQunescapeBytea);
#undef MTRACK_RESOLVE
  if (!missing.empty()) {
    throw Error(
        fmt::format("the libpq found ({}) is too old: it has no {}; install libpq5 from "
                    "PostgreSQL 14 or later",
                    "libpq.so.5", missing));
  }
  return l;  // the handle stays open for the life of the process
}

}  // namespace

const Libpq& libpq() {
  static std::once_flag once;
  static Libpq loaded{};
  static std::string failure;
  std::call_once(once, [] {
    try {
      loaded = load();
    } catch (const Error& e) {
      failure = e.what();
    }
  });
  if (!failure.empty()) throw Error(failure);
  return loaded;
}

}  // namespace mtrack::postgres
