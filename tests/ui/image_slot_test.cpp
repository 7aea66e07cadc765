// ImageSlot: drops (file URLs and image data), paste, and bad files that keep the slot as it was.
#include "catch_checks.h"

#include <QApplication>
#include <QClipboard>
#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUrl>

#include "test_paths.h"
#include "widget_test_support.h"
#include "ui/image_slot.h"

namespace {

// Sends a drag enter and a drop the way a file manager or another application does: Qt delivers
// a drop only to the widget that accepted the drag's enter event.
void drop(ui::ImageSlot& slot, QMimeData* mime) {
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&slot, &enter);
    REQUIRE(enter.isAccepted());
    QDropEvent event(QPointF(10, 10), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&slot, &event);
}

QMimeData* urlsOf(const QString& path) {
    auto* mime = new QMimeData;
    mime->setUrls({QUrl::fromLocalFile(path)});
    return mime;
}

}  // namespace

TEST_CASE("Dropping a file from a file manager loads it into the slot", "[ui][slot]") {
    ui::ImageSlot slot("Content");
    QSignalSpy changed(&slot, &ui::ImageSlot::imageChanged);
    std::unique_ptr<QMimeData> mime(urlsOf(QString::fromStdString(test_paths::image("building.jpg"))));
    drop(slot, mime.get());
    REQUIRE(slot.hasImage());
    CHECK(slot.image().width == 868);
    CHECK(slot.image().height == 600);
    CHECK(slot.sourceLabel() == "building.jpg");
    CHECK(slot.infoText() == "building.jpg · 868 × 600 px · 78 KB");  // 79,718 bytes
    CHECK(slot.errorText().isEmpty());
    CHECK(changed.count() == 1);
}

TEST_CASE("The line under a thumbnail gives the name, the pixel size and the file size", "[ui][slot]") {
    CHECK(ui::describeImage("a.png", 3, 2, 512) == "a.png · 3 × 2 px · 512 bytes");
    CHECK(ui::describeImage("big.tif", 4000, 3000, 3 * 1024 * 1024 / 2) == "big.tif · 4000 × 3000 px · 1.5 MB");
    CHECK(ui::describeImage("pasted image", 40, 20, -1) == "pasted image · 40 × 20 px");
}

TEST_CASE("Dropping image data from another application loads the pixels", "[ui][slot]") {
    ui::ImageSlot slot("Style");
    QImage image(40, 30, QImage::Format_RGB32);
    image.fill(QColor(200, 10, 20));
    QMimeData mime;
    mime.setImageData(image);
    drop(slot, &mime);
    REQUIRE(slot.hasImage());
    CHECK(slot.image().width == 40);
    CHECK(slot.image().height == 30);
    CHECK(slot.image().pixels[0] == 200);
    CHECK(slot.image().pixels[1] == 10);
    CHECK(slot.image().pixels[2] == 20);
    CHECK(slot.path().isEmpty());
}

TEST_CASE("A bad file shows the file and the reason and keeps the previous image", "[ui][slot]") {
    ui::ImageSlot slot("Content");
    REQUIRE(slot.loadFile(QString::fromStdString(test_paths::image("home.jpg"))));
    const auto before = slot.image();

    QTemporaryDir dir;
    const QString bad = dir.filePath("not_an_image.png");
    QFile file(bad);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write("this is text, not a PNG");
    file.close();

    QSignalSpy failed(&slot, &ui::ImageSlot::loadFailed);
    std::unique_ptr<QMimeData> mime(urlsOf(bad));
    drop(slot, mime.get());
    CHECK(failed.count() == 1);
    CHECK(slot.errorText().contains("not_an_image.png"));
    CHECK(slot.image().pixels == before.pixels);
    CHECK(slot.sourceLabel() == "home.jpg");

    // A missing file names the file too, and a later good load clears the message.
    CHECK_FALSE(slot.loadFile(dir.filePath("missing.jpg")));
    CHECK(slot.errorText().contains("missing.jpg"));
    REQUIRE(slot.loadFile(QString::fromStdString(test_paths::image("butterfly.jpg"))));
    CHECK(slot.errorText().isEmpty());
}

TEST_CASE("Ctrl+V pastes clipboard image data into the focused slot", "[ui][slot]") {
    ui::ImageSlot slot("Style");
    QImage image(16, 8, QImage::Format_RGB32);
    image.fill(Qt::blue);
    QApplication::clipboard()->setImage(image);
    slot.paste();
    REQUIRE(slot.hasImage());
    CHECK(slot.image().width == 16);
    CHECK(slot.image().pixels[2] == 255);
}
