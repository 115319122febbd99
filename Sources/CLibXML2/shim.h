#ifndef CMOC_CLIBXML2_SHIM_H
#define CMOC_CLIBXML2_SHIM_H
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
