#pragma once

#include <QApplication>
#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QStyle>

// Colours that carry meaning (errors, warnings, success) in a light and a dark variant, so
// every view stays readable when the system switches between light and dark palettes.
namespace Ui::Theme {

inline bool isDark(const QPalette &palette = QGuiApplication::palette())
{
    return palette.color(QPalette::Base).lightness() < 128;
}

inline QColor errorText(const QPalette &palette = QGuiApplication::palette())
{
    return isDark(palette) ? QColor(0xff, 0x8a, 0x80) : QColor(0xb7, 0x1c, 0x1c);
}

inline QColor warningText(const QPalette &palette = QGuiApplication::palette())
{
    return isDark(palette) ? QColor(0xff, 0xb8, 0x6b) : QColor(0xa8, 0x5a, 0x00);
}

inline QColor successText(const QPalette &palette = QGuiApplication::palette())
{
    return isDark(palette) ? QColor(0x86, 0xd9, 0x93) : QColor(0x1b, 0x75, 0x30);
}

// An icon from the desktop's theme, or the style's own where the theme has none.
inline QIcon icon(const char *name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(name), QApplication::style()->standardIcon(fallback));
}

} // namespace Ui::Theme
