#ifndef QRBUILD_CCAIRO_SHIM_H
#define QRBUILD_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-ps.h>
#endif
