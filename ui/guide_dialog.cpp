#include "ui/guide_dialog.h"

#include <QDialogButtonBox>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ui {
namespace {

// Two examples side by side, each with a caption.
QString pair(const QString& a, const QString& captionA, const QString& b, const QString& captionB) {
    return QStringLiteral("<table cellspacing=8><tr><td align=center><img src=\"qrc:/guide/%1.png\"><br>%2</td>"
                          "<td align=center><img src=\"qrc:/guide/%3.png\"><br>%4</td></tr></table>")
        .arg(a, captionA, b, captionB);
}

QString section(const QString& title, const QString& text) {
    return QStringLiteral("<h3>%1</h3><p>%2</p>").arg(title, text);
}

QString guideHtml() {
    QString html;
    html += QObject::tr("<h2>Gram Studio in a few pictures</h2>"
                        "<p>Gram Studio repaints a photo with the colours and brushwork of a painting. It starts "
                        "from the photo and changes it a little at each <i>iteration</i>; you watch it happen and "
                        "can move any slider while it runs. All examples below were painted by Gram Studio "
                        "itself, 50 iterations at 160 pixels, from these two images:</p>");
    html += pair(QStringLiteral("photo"), QObject::tr("the photo (Content)"), QStringLiteral("painting"),
                 QObject::tr("the painting (Style)"));
    html += section(QObject::tr("Style weight"),
                    QObject::tr("How strongly the painting is applied. Low stays close to the photo; high paints "
                                "its swirls and colours over everything, and the subject can disappear."));
    html += pair(QStringLiteral("style_low"), QObject::tr("style 10"), QStringLiteral("style_high"),
                 QObject::tr("style 100 000"));
    html += section(QObject::tr("TV (smoothness)"),
                    QObject::tr("Smooths away speckle and noisy pixels; higher is smoother. Too high looks "
                                "blurred and flat."));
    html += pair(QStringLiteral("tv_low"), QObject::tr("TV 0"), QStringLiteral("tv_high"), QObject::tr("TV 1000"));
    html += section(QObject::tr("Style layers"),
                    QObject::tr("Which sizes of the painting's marks are copied. Early layers (conv1_1, conv2_1) "
                                "carry fine brush texture and grain; deeper layers (conv3_1 and, with the full "
                                "network, conv4_1 and conv5_1) carry larger strokes, shapes and motifs. Greyed "
                                "layers are not in your weights file (get them with "
                                "Help &gt; Download the Full Network)."));
    html += pair(QStringLiteral("layers_early"), QObject::tr("conv1_1 only: fine texture"),
                 QStringLiteral("layers_deep"), QObject::tr("conv3_1 only: larger strokes"));
    html += section(QObject::tr("Content layer"),
                    QObject::tr("How much of the photo is kept. An earlier layer keeps its exact edges and "
                                "detail; a deeper one keeps only the layout and lets the painting redraw the rest."));
    html += section(QObject::tr("Style loss: Full Gram, Diagonal, Mean + Std, Wasserstein"),
                    QObject::tr("How the painting's texture is measured. <b>Full Gram</b> (the classic method) "
                                "copies which features appear together: whole patterns and strokes. "
                                "<b>Diagonal</b> copies only how strong each feature is: looser patterns. "
                                "<b>Mean + Std</b> copies each feature's average and spread: a softer transfer. "
                                "<b>Wasserstein (W2)</b> copies the averages and how features vary together, "
                                "as a distance between distributions. "
                                "<i>Compare side by side</i> paints two versions at once so you can see it."));
    html += pair(QStringLiteral("default"), QObject::tr("Full Gram (the default)"), QStringLiteral("diag"), QObject::tr("Diagonal"));
    html += section(QObject::tr("Colour"),
                    QObject::tr("<b>Preserve luminance only</b> keeps the photo's own colours; only light and dark, "
                                "strokes and texture come from the painting. <b>Match colours to the photo</b> "
                                "first shifts the painting's colours to the photo's palette, then transfers its "
                                "texture in full colour. <b>Style scale</b> sets the size of the strokes: the "
                                "painting is resized to that many times the picture's size."));
    html += pair(QStringLiteral("default"), QObject::tr("the defaults"), QStringLiteral("colours"),
                 QObject::tr("colours preserved"));
    html += section(QObject::tr("Run settings"),
                    QObject::tr("<b>Output size</b>: the longest side in pixels; larger takes longer. "
                                "<b>Iterations</b>: how long it paints (you can stop at any time). "
                                "<b>Optimizer</b>: L-BFGS finishes in few iterations (recommended); Adam takes "
                                "smaller, steadier steps. <b>Learning rate</b>: how big each step is; 0 is the "
                                "optimizer's default, and if a run blows up the window offers that value. "
                                "<b>Start from</b>: the photo (recommended), the painting or noise. "
                                "<b>Scales</b>: 2 or 3 paint small first, then enlarge and refine."));
    html += section(QObject::tr("Keys"),
                    QObject::tr("Ctrl+Return start · Space pause · Esc stop · Ctrl+T snapshot · Ctrl+S save · "
                                "Enter or Esc leaves a number field · F1 this guide"));
    return html;
}

}  // namespace

QStringList GuideDialog::imagePaths() {
    QStringList paths;
    for (const char* name : {"photo", "painting", "style_low", "style_high", "tv_low", "tv_high", "layers_early",
                             "layers_deep", "default", "diag", "colours"})
        paths << QStringLiteral(":/guide/%1.png").arg(QLatin1String(name));
    return paths;
}

GuideDialog::GuideDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("guideDialog"));
    setWindowTitle(tr("Gram Studio Guide"));
    browser_ = new QTextBrowser(this);
    browser_->setOpenExternalLinks(true);
    browser_->setHtml(guideHtml());
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(browser_);
    layout->addWidget(buttons);
    resize(560, 640);
}

}  // namespace ui
