#ifndef QRBUILD_CZBAR_SHIM_H
#define QRBUILD_CZBAR_SHIM_H
// zbar decodes what qrbuild draws, for `--verify`.
#include <zbar.h>
#endif
