#pragma once

// libpq, PostgreSQL's C client library, loaded with dlopen the first time a postgresql://
// database is opened. mtrack links every other library statically for a fast start
// (cmake/StaticLink.cmake); libpq brings OpenSSL, Kerberos and LDAP with it, which a static
// link would pull into every run and a shared link would make every run load. Loaded on
// demand, they cost nothing to the SQLite path, and the package only recommends libpq5.
// The declarations come from libpq-fe.h (libpq-dev), so each pointer has the exact type of
// the function it points to.

#include <libpq-fe.h>

namespace mtrack::postgres {

struct Libpq {
  decltype(&PQconnectdbParams) connectdbParams;
  decltype(&PQconninfoParse) conninfoParse;
  decltype(&PQconninfoFree) conninfoFree;
  decltype(&PQfinish) finish;
  decltype(&PQstatus) status;
  decltype(&PQerrorMessage) errorMessage;
  decltype(&PQtransactionStatus) transactionStatus;
  decltype(&PQserverVersion) serverVersion;
  decltype(&PQuser) user;
  decltype(&PQparameterStatus) parameterStatus;
  decltype(&PQsetNoticeProcessor) setNoticeProcessor;
  decltype(&PQexec) exec;
  decltype(&PQexecParams) execParams;
  decltype(&PQprepare) prepare;
  decltype(&PQexecPrepared) execPrepared;
  decltype(&PQsendQueryPrepared) sendQueryPrepared;
  decltype(&PQgetResult) getResult;
  decltype(&PQenterPipelineMode) enterPipelineMode;
  decltype(&PQexitPipelineMode) exitPipelineMode;
  decltype(&PQpipelineSync) pipelineSync;
  decltype(&PQresultStatus) resultStatus;
  decltype(&PQresultErrorField) resultErrorField;
  decltype(&PQresultErrorMessage) resultErrorMessage;
  decltype(&PQntuples) ntuples;
  decltype(&PQnfields) nfields;
  decltype(&PQgetvalue) getvalue;
  decltype(&PQgetlength) getlength;
  decltype(&PQgetisnull) getisnull;
  decltype(&PQcmdTuples) cmdTuples;
  decltype(&PQclear) clear;
  decltype(&PQfreemem) freemem;
  decltype(&PQunescapeBytea) unescapeBytea;
};

// The loaded library; throws mtrack::Error saying which package to install when libpq.so.5
// cannot be loaded.
const Libpq& libpq();

}  // namespace mtrack::postgres
