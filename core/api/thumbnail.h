#pragma once

#include <QByteArray>
#include <QSize>
#include <QString>

// Mailpit's attachment thumbnails (/api/v1/message/{ID}/part/{PartID}/thumb): a 180×120 JPEG
// (quality 70) on white. An image at least that large in both directions is scaled to cover
// the box and cropped around its centre; a smaller one is scaled down to fit (never up) and
// centred on white. Pure, any thread; QImage needs no QGuiApplication.
namespace Api {

inline constexpr QSize kThumbnailSize{180, 120};
inline constexpr qint64 kThumbnailMaxPixels = 20'000'000; // a larger declared image is not decoded

// The thumbnail of an image (format from its content, EXIF orientation applied); the blank
// white thumbnail when it cannot be read or declares more than kThumbnailMaxPixels.
QByteArray thumbnail(const QByteArray &image);

// For a part: the blank thumbnail unless its content type is image/*, as Mailpit answers.
QByteArray partThumbnail(const QByteArray &data, const QString &contentType);

QByteArray blankThumbnail();

} // namespace Api
