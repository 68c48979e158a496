"""Chinese surnames, for telling a name after 申请人/姓名/户主 from an ordinary word.

Single-character surnames: the 百家姓 list plus the modern common surnames that it lacks
(the 2020 census top 100 are all here), in simplified characters — text is converted to
simplified before matching. Compound surnames: the 百家姓 复姓 in use today.
"""

SINGLE_SURNAMES: frozenset[str] = frozenset(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎"
    "鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄"
    "和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭"
    "梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚"
    "程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫"
    "宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥能苍双"
    "闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容"
    "向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空"
    "曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公晋楚闫法汝鄢涂钦岳帅缑亢况有琴商牟佘佴伯赏墨哈谯"
    "笪年爱阳佟仝代覃谌付肖揭喻练操兰邸卿敬"
)

COMPOUND_SURNAMES: frozenset[str] = frozenset(
    {
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "令狐",
        "慕容",
        "公孙",
        "长孙",
        "宇文",
        "夏侯",
        "尉迟",
        "澹台",
        "端木",
        "独孤",
        "南宫",
        "司徒",
        "司空",
        "西门",
        "呼延",
        "万俟",
        "轩辕",
        "钟离",
        "闻人",
        "赫连",
        "太史",
        "申屠",
        "公羊",
        "濮阳",
        "淳于",
        "单于",
        "百里",
        "东郭",
        "南门",
        "羊舌",
        "微生",
        "梁丘",
        "左丘",
        "东门",
        "西方",
        "拓跋",
        "完颜",
    }
)


def surname_length(text: str) -> int:
    """Length of the surname `text` starts with (2 for a compound surname), 0 if none."""
    if text[:2] in COMPOUND_SURNAMES:
        return 2
    if text[:1] in SINGLE_SURNAMES:
        return 1
    return 0
