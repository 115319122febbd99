#ifndef CMOC_CLIBXML2_SHIM_H
#define CMOC_CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU, and its encoding.h then includes the system's ICU headers,
 * whose enums clash with the copy inside Foundation (_FoundationICU) in any module that sees both.
 * cmoc never touches the ICU members of xmlCharEncodingHandler, so hide them. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/HTMLparser.h>

/// `xmlFree` is a global function-pointer variable; Swift 6 will not call it directly.
static inline void cmoc_xmlFree(void *ptr) { xmlFree(ptr); }
#endif
