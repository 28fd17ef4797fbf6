#include "thumbnail.h"

#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QPainter>

namespace Api {

namespace {

QByteArray jpeg(const QImage &image)
{
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", 70);
    return out;
}

QImage whiteCanvas()
{
    QImage canvas(kThumbnailSize, QImage::Format_RGB32);
    canvas.fill(Qt::white);
    return canvas;
}

} // namespace

QByteArray blankThumbnail()
{
    return jpeg(whiteCanvas());
}

QByteArray thumbnail(const QByteArray &image)
{
    QBuffer buffer;
    buffer.setData(image);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    const QSize declared = reader.size();
    if (declared.isValid() && qint64(declared.width()) * declared.height() > kThumbnailMaxPixels)
        return blankThumbnail();
    const QImage source = reader.read();
    if (source.isNull())
        return blankThumbnail();

    const int w = kThumbnailSize.width();
    const int h = kThumbnailSize.height();
    QImage scaled;
    if (source.width() < w || source.height() < h) {
        scaled = source.width() <= w && source.height() <= h
            ? source
            : source.scaled(kThumbnailSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    } else {
        const QImage covering = source.scaled(kThumbnailSize, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
        scaled = covering.copy((covering.width() - w) / 2, (covering.height() - h) / 2, w, h);
    }
    QImage canvas = whiteCanvas();
    QPainter painter(&canvas);
    painter.drawImage((w - scaled.width()) / 2, (h - scaled.height()) / 2, scaled);
    painter.end();
    return jpeg(canvas);
}

QByteArray partThumbnail(const QByteArray &data, const QString &contentType)
{
    if (!contentType.startsWith(QLatin1String("image/")))
        return blankThumbnail();
    return thumbnail(data);
}

} // namespace Api
