#pragma once

#include <QByteArray>

namespace Ui::PreviewEngine {

// The scheme the preview loads a message's HTML from, and the one that serves its parts by
// Content-ID. Both are registered with Qt WebEngine by prepare().
inline constexpr QByteArrayView kDocumentScheme = "mailscope-preview";
inline constexpr QByteArrayView kCidScheme = "cid";

// Sets up Qt WebEngine for the preview. Must run before the QApplication is created (in main,
// or a test's static initMain): shares OpenGL contexts, registers the schemes, renders in
// software, and turns Chromium's sandbox off when running as root, where it cannot start.
void prepare();

// Whether prepare() ran; the preview refuses to start WebEngine otherwise.
bool isPrepared();

} // namespace Ui::PreviewEngine
